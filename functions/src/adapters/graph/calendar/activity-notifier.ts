import { type ActivityType, toTemplateParameters } from '../../../contracts/activity-types';
import {
  type ActivityNotification,
  MAX_NOTIFICATION_RECIPIENTS,
  type NotifierPort,
} from '../../../domain/pairings/ports';
import { isAppError } from '../../../errors';
import { type GraphGateway } from './graph-gateway';
import { type GraphHttpResponse, GraphTransportError } from './graph-http';
import { type RateLimit, RequestPacer } from './request-pacer';
import { isRetryableStatus, RetryBudget, upstreamErrorFor } from './retry-policy';

export type { ActivityNotification } from '../../../domain/pairings/ports';

/** Graph's limit for `sendActivityNotificationToRecipients`: 2 requests per second per app per tenant. */
export const BULK_NOTIFICATION_LIMIT: RateLimit = { requests: 2, perMs: 1000 };

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
    private readonly pacer: RequestPacer = new RequestPacer(BULK_NOTIFICATION_LIMIT),
    private readonly topicName = 'Pairwise',
  ) {}

  async notify<T extends ActivityType>(
    notification: ActivityNotification<T>,
    budget?: RetryBudget,
  ): Promise<void> {
    if (notification.userIds.length === 0) return;
    if (notification.userIds.length > MAX_NOTIFICATION_RECIPIENTS)
      throw new RangeError(`At most ${MAX_NOTIFICATION_RECIPIENTS} recipients per notification`);
    const request = {
      method: 'POST' as const,
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
    };
    // Retries go through the pacer too (the gateway's own retries would not): a retry sent on Graph's
    // Retry-After alone lands among the paced requests and is throttled again.
    const retries = budget ?? this.gateway.newBudget(this.gateway.retryPolicy.maxAttempts - 1);
    for (;;) {
      let outcome: GraphHttpResponse | GraphTransportError;
      try {
        outcome = await this.pacer.run(() => this.gateway.send(request, NO_RETRIES));
      } catch (e) {
        if (!(e instanceof GraphTransportError)) throw e;
        outcome = e;
      }
      if (!(outcome instanceof GraphTransportError) && outcome.status >= 200 && outcome.status < 300) return;
      const error = upstreamErrorFor(outcome, this.gateway.now);
      const retryAfterMs = isAppError(error) ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
      if (retryAfterMs > 0) this.pacer.holdOff(retryAfterMs);
      const retryable = outcome instanceof GraphTransportError || isRetryableStatus(outcome.status);
      if (!retryable || retryAfterMs > this.gateway.retryPolicy.maxRetryAfterMs || !retries.take())
        throw error;
      if (retryAfterMs === 0) this.pacer.holdOff(this.gateway.retryPolicy.baseDelayMs);
    }
  }
}

/** The notifier retries through its pacer, so the gateway must not retry on its own. */
const NO_RETRIES = new RetryBudget(0);
