import { z } from 'zod';

import { type GraphGateway } from './graph-gateway';
import { GraphTransportError } from './graph-http';
import { type RetryBudget } from './retry-policy';

/**
 * Mailbox addresses for user ids. We store no mail addresses (the directory facts deliberately leave them out);
 * getSchedule and attendees need SMTP addresses, so the booking worker resolves them at booking time — batched,
 * 20 users per `$batch`.
 */
export interface UserMailbox {
  mail: string;
  displayName: string;
}

export interface UserMailboxResolver {
  resolve(userIds: readonly string[], budget?: RetryBudget): Promise<Map<string, UserMailbox>>;
}

const UserSchema = z.object({ id: z.string(), mail: z.string().nullish(), userPrincipalName: z.string().nullish(), displayName: z.string().nullish() });

export class GraphUserMailboxes implements UserMailboxResolver {
  constructor(private readonly gateway: GraphGateway) {}

  async resolve(userIds: readonly string[], budget?: RetryBudget): Promise<Map<string, UserMailbox>> {
    const ids = [...new Set(userIds)];
    const outcomes = await this.gateway.sendMany(
      ids.map((id, i) => ({ id: `u${i}`, method: 'GET', path: `/users/${encodeURIComponent(id)}?$select=id,mail,userPrincipalName,displayName` })),
      budget,
    );
    const result = new Map<string, UserMailbox>();
    ids.forEach((id, i) => {
      const outcome = outcomes.get(`u${i}`);
      if (!outcome || outcome instanceof GraphTransportError || outcome.status !== 200) return;
      const parsed = UserSchema.safeParse(outcome.body);
      // A user without a mailbox (no `mail`) cannot be booked: left out, the worker reports it.
      if (parsed.success && parsed.data.mail) result.set(id, { mail: parsed.data.mail, displayName: parsed.data.displayName ?? '' });
    });
    return result;
  }
}
