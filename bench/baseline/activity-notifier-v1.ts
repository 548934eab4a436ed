import {
  type GraphGateway,
  type RetryBudget,
  upstreamErrorFor,
} from '../../functions/src/adapters/graph/calendar';
import {
  type ActivityParameters,
  type ActivityType,
  toTemplateParameters,
} from '../../functions/src/contracts/activity-types';

/**
 * The previous design's notifier, verbatim but for imports: one `POST /users/{id}/teamwork/sendActivityNotification`
 * per member, unpaced (the caller's loop was the only pacing). Kept for the benchmarks' "before" columns.
 */
export interface OldActivityNotification<T extends ActivityType = ActivityType> {
  userId: string;
  activityType: T;
  parameters: ActivityParameters<T>;
  webUrl: string;
  previewText: string;
}

export interface OldNotifierPort {
  notify(notification: OldActivityNotification): Promise<void>;
}

export class OldGraphActivityNotifier implements OldNotifierPort {
  constructor(
    private readonly gateway: GraphGateway,
    private readonly topicName = 'Pairwise',
  ) {}

  async notify<T extends ActivityType>(
    notification: OldActivityNotification<T>,
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
