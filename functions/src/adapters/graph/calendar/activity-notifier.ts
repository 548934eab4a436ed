import { type ActivityType, toTemplateParameters } from '../../../contracts/activity-types';
import { type ActivityNotification, type NotifierPort } from '../../../domain/pairings/ports';
import { type GraphGateway } from './graph-gateway';
import { type RetryBudget, upstreamErrorFor } from './retry-policy';

export type { ActivityNotification } from '../../../domain/pairings/ports';

/** `POST /users/{id}/teamwork/sendActivityNotification` (topic source `text` + webUrl: a deep link to our tab). */
export class GraphActivityNotifier implements NotifierPort {
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
