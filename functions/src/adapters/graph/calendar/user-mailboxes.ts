import { z } from 'zod';

import { type MailboxLookup, type MailboxPort } from '../../../domain/pairings/ports';
import { type GraphGateway, type GraphOutcome } from './graph-gateway';
import { GraphTransportError } from './graph-http';
import { type RetryBudget } from './retry-policy';

/**
 * Mailbox addresses for user ids. We store no mail addresses (the directory facts deliberately leave them out);
 * getSchedule and attendees need SMTP addresses, so the booking worker looks them up at booking time:
 * `GET /users?$filter=id in (…)` with up to 15 ids per call (the `in` operator's limit), calls sent in `$batch`es —
 * a flush of 20 pairings (40 people) costs 3 sub-requests in one HTTP request. A failed call leaves its ids
 * `unknown` (try again later), never "without a mailbox".
 */
export const IDS_PER_FILTER = 15;

const UsersSchema = z.object({
  value: z.array(z.object({ id: z.string(), mail: z.string().nullish(), displayName: z.string().nullish() })),
});

export class GraphUserMailboxes implements MailboxPort {
  constructor(private readonly gateway: GraphGateway) {}

  async lookup(userIds: readonly string[], budget?: RetryBudget): Promise<MailboxLookup> {
    const result: MailboxLookup = { found: new Map(), missing: new Set(), unknown: new Set() };
    // Object ids are GUIDs; anything else cannot be a user id and is not put into a filter.
    const all = [...new Set(userIds)];
    const ids = all.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    for (const id of all) if (!ids.includes(id)) result.missing.add(id);
    const calls = [];
    for (let i = 0; i < ids.length; i += IDS_PER_FILTER) {
      const chunk = ids.slice(i, i + IDS_PER_FILTER);
      const filter = `id in (${chunk.map((id) => `'${id}'`).join(',')})`;
      calls.push({
        id: `u${i / IDS_PER_FILTER}`,
        chunk,
        method: 'GET' as const,
        path: `/users?$filter=${encodeURIComponent(filter)}&$select=id,mail,displayName&$top=${IDS_PER_FILTER}`,
      });
    }
    const outcomes =
      calls.length > 0 ? await this.gateway.sendMany(calls, budget) : new Map<string, GraphOutcome>();
    for (const call of calls) {
      const outcome = outcomes.get(call.id);
      const parsed =
        outcome && !(outcome instanceof GraphTransportError) && outcome.status === 200
          ? UsersSchema.safeParse(outcome.body)
          : undefined;
      if (!parsed?.success) {
        for (const id of call.chunk) result.unknown.add(id);
        continue;
      }
      const byId = new Map(parsed.data.value.map((u) => [u.id.toLowerCase(), u]));
      for (const id of call.chunk) {
        const user = byId.get(id.toLowerCase());
        // A user the directory no longer knows, or one without a mailbox (no `mail`), cannot be booked.
        if (user?.mail) result.found.set(id, { mail: user.mail, displayName: user.displayName ?? '' });
        else result.missing.add(id);
      }
    }
    return result;
  }
}
