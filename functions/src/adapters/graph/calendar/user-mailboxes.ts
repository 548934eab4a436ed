import { z } from 'zod';

import { type GraphGateway, type GraphOutcome } from './graph-gateway';
import { GraphTransportError } from './graph-http';
import { type RetryBudget } from './retry-policy';

/**
 * Mailbox addresses for user ids. We store no mail addresses (the directory facts deliberately leave them out);
 * getSchedule and attendees need SMTP addresses, so the booking worker resolves them at booking time:
 * `GET /users?$filter=id in (…)` with up to 15 ids per call (the `in` operator's limit), calls sent in `$batch`es —
 * a flush of 20 pairings (40 people) costs 3 sub-requests in one HTTP request.
 */
export interface UserMailbox {
  mail: string;
  displayName: string;
}

export interface UserMailboxResolver {
  resolve(userIds: readonly string[], budget?: RetryBudget): Promise<Map<string, UserMailbox>>;
}

export const IDS_PER_FILTER = 15;

const UsersSchema = z.object({
  value: z.array(z.object({ id: z.string(), mail: z.string().nullish(), displayName: z.string().nullish() })),
});

export class GraphUserMailboxes implements UserMailboxResolver {
  constructor(private readonly gateway: GraphGateway) {}

  async resolve(userIds: readonly string[], budget?: RetryBudget): Promise<Map<string, UserMailbox>> {
    // Object ids are GUIDs; anything else cannot be a user id and is not put into a filter.
    const ids = [...new Set(userIds)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    const calls = [];
    for (let i = 0; i < ids.length; i += IDS_PER_FILTER) {
      const chunk = ids.slice(i, i + IDS_PER_FILTER);
      const filter = `id in (${chunk.map((id) => `'${id}'`).join(',')})`;
      calls.push({
        id: `u${i / IDS_PER_FILTER}`,
        method: 'GET' as const,
        path: `/users?$filter=${encodeURIComponent(filter)}&$select=id,mail,displayName&$top=${IDS_PER_FILTER}`,
      });
    }
    const outcomes =
      calls.length > 0 ? await this.gateway.sendMany(calls, budget) : new Map<string, GraphOutcome>();
    const result = new Map<string, UserMailbox>();
    for (const call of calls) {
      const outcome = outcomes.get(call.id);
      if (!outcome || outcome instanceof GraphTransportError || outcome.status !== 200) continue;
      const parsed = UsersSchema.safeParse(outcome.body);
      if (!parsed.success) continue;
      // A user without a mailbox (no `mail`) cannot be booked: left out, the worker reports it.
      for (const user of parsed.data.value)
        if (user.mail) result.set(user.id, { mail: user.mail, displayName: user.displayName ?? '' });
    }
    return result;
  }
}
