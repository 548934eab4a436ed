import {
  type ActivityParameters,
  type ActivityType,
  toTemplateParameters,
} from '../../../contracts/activity-types';
import { type GraphGateway } from './graph-gateway';
import { type RetryBudget, upstreamErrorFor } from './retry-policy';

export interface ActivityNotification<T extends ActivityType = ActivityType> {
  /** Entra object id of the recipient (the app must be installed for them). */
  userId: string;
  activityType: T;
  parameters: ActivityParameters<T>;
  /** Deep link into the Pairwise tab that the notification opens. */
  webUrl: string;
  /** Short preview shown in the feed; no personal data beyond the recipient's own program. */
  previewText: string;
}

/** Port: Teams activity-feed notifications. */
export interface ActivityNotifier {
  notify<T extends ActivityType>(notification: ActivityNotification<T>, budget?: RetryBudget): Promise<void>;
}

/** `POST /users/{id}/teamwork/sendActivityNotification` (topic source `text` + webUrl: a deep link to our tab). */
export class GraphActivityNotifier implements ActivityNotifier {
  constructor(
    private readonly gateway: GraphGateway,
    private readonly topicName = 'Pairwise',
  ) {}

  async notify<T extends ActivityType>(
    notification: ActivityNotification<T>,
    budget?: RetryBudget,
  ): Promise<void> {
    const response = await this.gateway.send(
      {
        method: 'POST',
        path: `/users/${encodeURIComponent(notification.userId)}/teamwork/sendActivityNotification`,
        body: {
          topic: { source: 'text', value: this.topicName, webUrl: notification.webUrl },
          activityType: notification.activityType,
          previewText: { content: notification.previewText },
          templateParameters: toTemplateParameters(notification.activityType, notification.parameters),
        },
      },
      budget,
    );
    if (response.status < 200 || response.status >= 300) throw upstreamErrorFor(response, this.gateway.now);
  }
}
