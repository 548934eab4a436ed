import { z } from 'zod';

import { type GraphGateway } from './graph-gateway';
import { GraphTransportError } from './graph-http';
import { type RetryBudget } from './retry-policy';

/** Graph's `localeInfo` (`GET /users/{id}/mailboxSettings/language`): `locale` like "de-CH", `displayName`. */
const LocaleInfoSchema = z.object({ locale: z.string().nullish(), displayName: z.string().nullish() });

/** Port: Outlook's language of many mailboxes; see `Directory.getMailboxLanguages` for what absent and null mean. */
export interface MailboxLanguageReader {
  read(userIds: readonly string[], budget?: RetryBudget): Promise<Map<string, string | null>>;
}

/**
 * `GET /users/{id}/mailboxSettings/language`, one sub-request per person (the narrowest read of the setting: no
 * working hours or automatic replies come along), 20 to a `$batch`, addressed by object id. A 404 (no Exchange
 * Online mailbox) or 403 (outside the application access scope) is an answer: nothing to read, null. Anything else
 * leaves the person out of the map, so their previous reading is kept.
 */
export class GraphMailboxLanguages implements MailboxLanguageReader {
  constructor(private readonly gateway: GraphGateway) {}

  async read(userIds: readonly string[], budget?: RetryBudget): Promise<Map<string, string | null>> {
    const result = new Map<string, string | null>();
    // Object ids are GUIDs; anything else cannot be a user and is not put into a path.
    const ids = [...new Set(userIds)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (ids.length === 0) return result;
    const calls = ids.map((id, i) => ({
      id: `l${i}`,
      userId: id,
      method: 'GET' as const,
      path: `/users/${encodeURIComponent(id)}/mailboxSettings/language`,
    }));
    const outcomes = await this.gateway.sendMany(calls, budget);
    for (const call of calls) {
      const outcome = outcomes.get(call.id);
      if (!outcome || outcome instanceof GraphTransportError) continue;
      if (outcome.status === 404 || outcome.status === 403) {
        result.set(call.userId, null);
        continue;
      }
      if (outcome.status !== 200) continue;
      const parsed = LocaleInfoSchema.safeParse(outcome.body);
      if (parsed.success) result.set(call.userId, parsed.data.locale?.trim() || null);
    }
    return result;
  }
}
