import { type ActivityType, toTemplateParameters } from '../../../contracts/activity-types';
import {
  type ActivityNotification,
  MAX_NOTIFICATION_RECIPIENTS,
  type NotifierPort,
} from '../../../domain/pairings/ports';
import { isAppError } from '../../../errors';
import { type GraphGateway } from './graph-gateway';
import { RequestPacer } from './request-pacer';
import { type RetryBudget, upstreamErrorFor } from './retry-policy';

export type { ActivityNotification } from '../../../domain/pairings/ports';

/** Graph's limit for `sendActivityNotificationToRecipients`: 2 requests per second per app per tenant. */
export const BULK_NOTIFICATION_INTERVAL_MS = 500;

/** The bulk action answers 412 to a token that expires within 45 minutes; a minute of margin on top. */
export const BULK_NOTIFICATION_TOKEN_SECONDS = 46 * 60;

/**
 * `POST /teamwork/sendActivityNotificationToRecipients`: one notification, the same for up to 100 members
 * (`aadUserNotificationRecipient`s), topic source `text` with a deep link into the tab. Graph answers 202 and
 * delivers asynchronously; a recipient without the Teams app is skipped by Teams without costing a request or an
 * error (the invitation in their calendar carries everything they need). Requests are paced per tenant.
 */
export class GraphActivityNotifier implements NotifierPort {
  constructor(
    private readonly gateway: GraphGateway,
    private readonly pacer: RequestPacer = new RequestPacer(BULK_NOTIFICATION_INTERVAL_MS),
    private readonly topicName = 'Pairwise',
  ) {}

  async notify<T extends ActivityType>(
    notification: ActivityNotification<T>,
    budget?: RetryBudget,
  ): Promise<void> {
    if (notification.userIds.length === 0) return;
    if (notification.userIds.length > MAX_NOTIFICATION_RECIPIENTS)
      throw new RangeError(`At most ${MAX_NOTIFICATION_RECIPIENTS} recipients per notification`);
    const response = await this.pacer.run(() =>
      this.gateway.send(
        {
          method: 'POST',
          path: '/teamwork/sendActivityNotificationToRecipients',
          body: {
            topic: { source: 'text', value: this.topicName, webUrl: notification.webUrl },
            activityType: notification.activityType,
            previewText: { content: notification.previewText },
            templateParameters: toTemplateParameters(notification.activityType, notification.parameters),
            recipients: notification.userIds.map((userId) => ({
              '@odata.type': 'microsoft.graph.aadUserNotificationRecipient',
              userId,
            })),
          },
        },
        budget,
      ),
    );
    if (response.status >= 200 && response.status < 300) return;
    const error = upstreamErrorFor(response, this.gateway.now);
    if (isAppError(error) && error.retryAfterSeconds !== undefined)
      this.pacer.holdOff(error.retryAfterSeconds * 1000);
    throw error;
  }
}
