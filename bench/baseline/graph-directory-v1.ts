import { type Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';

import { TimeZoneBaseSchema, toTimeZoneSpec } from '../../functions/src/adapters/graph/calendar/free-busy';
import { type Directory, type DirectoryPerson } from '../../functions/src/domain/deps';
import { type WorkingHours } from '../../functions/src/domain/model';
import { type TimeZoneSpec } from '../../functions/src/domain/scheduling/types';
import { AppError } from '../../functions/src/errors';

/** Only what Pairwise needs; mail, phones and addresses are never selected. */
export const userSelect = [
  'id',
  'displayName',
  'jobTitle',
  'department',
  'employeeHireDate',
  'onPremisesExtensionAttributes',
  'preferredLanguage',
  'accountEnabled',
].join(',');

const GraphUserSchema = z.object({
  id: z.string(),
  displayName: z.string().nullish(),
  jobTitle: z.string().nullish(),
  department: z.string().nullish(),
  employeeHireDate: z.string().nullish(),
  preferredLanguage: z.string().nullish(),
  onPremisesExtensionAttributes: z.record(z.string(), z.string().nullish()).nullish(),
  /** Present when listed with `$expand=manager($select=id)`. */
  manager: z.object({ id: z.string() }).nullish(),
});
type GraphUser = z.infer<typeof GraphUserSchema>;

const GraphPageSchema = z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() });

const MailboxSettingsSchema = z.object({
  timeZone: z.string().nullish(),
  workingHours: z
    .object({
      daysOfWeek: z.array(z.string()).nullish(),
      startTime: z.string().nullish(),
      endTime: z.string().nullish(),
      timeZone: TimeZoneBaseSchema.nullish(),
    })
    .nullish(),
});
type MailboxSettings = z.infer<typeof MailboxSettingsSchema>;

const weekdays = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

/** Graph's `08:00:00.0000000` → `08:00`. */
const hhmm = (value: string): string => value.slice(0, 5);

function storedZoneOf(spec: TimeZoneSpec): WorkingHours['timeZone'] {
  return spec.kind === 'named' ? spec.name : { ...spec, kind: 'custom' };
}

export function toWorkingHours(settings: MailboxSettings | null): WorkingHours | null {
  const wh = settings?.workingHours;
  if (!wh?.startTime || !wh.endTime) return null;
  const days = (wh.daysOfWeek ?? []).map((d) => d.toLowerCase()).filter((d) => weekdays.has(d));
  return {
    daysOfWeek: days as WorkingHours['daysOfWeek'],
    startTime: hhmm(wh.startTime),
    endTime: hhmm(wh.endTime),
    // A custom zone ("Customized Time Zone": a bias and rules, no usable name) is kept as such.
    timeZone: storedZoneOf(toTimeZoneSpec(wh.timeZone, settings?.timeZone ?? 'UTC')),
  };
}

/** A Graph user (+ manager chain and mailbox settings) → the directory port's person. No raw DTO goes further. */
export function toDirectoryPerson(
  user: GraphUser,
  managerChain: string[],
  mailbox: MailboxSettings | null,
): DirectoryPerson {
  const attributes: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(user.onPremisesExtensionAttributes ?? {}))
    attributes[name] = value ?? null;
  const hire =
    user.employeeHireDate && /^\d{4}-\d{2}-\d{2}/.test(user.employeeHireDate)
      ? user.employeeHireDate.slice(0, 10)
      : null;
  return {
    userId: user.id.toLowerCase(),
    displayName: user.displayName ?? '',
    jobTitle: user.jobTitle ?? null,
    department: user.department ?? null,
    managerId: managerChain[0] ?? null,
    managerChain,
    hireDate: hire,
    timeZone:
      mailbox?.timeZone ??
      (mailbox?.workingHours?.timeZone?.bias === undefined ? mailbox?.workingHours?.timeZone?.name : null) ??
      null,
    workingHours: toWorkingHours(mailbox),
    calendar: 'unknown',
    accountEnabled: true,
    preferredLanguage: user.preferredLanguage ?? null,
    levelSource: { jobTitle: user.jobTitle ?? null, attributes },
  };
}

function statusOf(e: unknown): number | undefined {
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function upstream(e: unknown): AppError {
  const status = statusOf(e);
  if (status === 429)
    return new AppError('throttled', 'The directory is busy; try again shortly.', {
      code: 'throttled',
      retryAfterSeconds: 10,
    });
  return new AppError('upstream', 'The directory could not be read; try again shortly.', {
    code: 'directory_unavailable',
    cause: e,
  });
}

/** How far up the management chain the "not in each other's chain" rule looks (manager, skip-level, one more). */
export const managerChainDepth = 3;

async function mapWithConcurrency<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * The previous design's directory adapter, verbatim but for imports and its name: the paged `/users` listing with
 * the manager expanded, then `mailboxSettings` person by person (4 at a time). Kept for the round bench's "before"
 * column; it reports every calendar as unknown (it never asked whether a mailbox could be reached).
 *
 * The directory over app-only Graph. Per person: the user ($select), the manager chain (/manager, cached per run)
 * and mailbox settings (time zone, working hours). Requests per mailbox stay at ≤ 4 concurrent (Graph's limit).
 */
export class GraphDirectoryV1 implements Directory {
  constructor(private readonly clientFor: (tenantId: string) => Pick<Client, 'api'>) {}

  private async managerOf(
    client: Pick<Client, 'api'>,
    userId: string,
    cache: Map<string, Promise<string | null>>,
  ): Promise<string | null> {
    let pending = cache.get(userId);
    if (!pending) {
      pending = (async () => {
        try {
          const manager = z.object({ id: z.string() }).parse(
            await client
              .api(`/users/${encodeURIComponent(userId)}/manager`)
              .select('id')
              .get(),
          );
          return manager.id.toLowerCase();
        } catch (e) {
          if (statusOf(e) === 404) return null;
          throw upstream(e);
        }
      })();
      cache.set(userId, pending);
    }
    return pending;
  }

  private async chainOf(
    client: Pick<Client, 'api'>,
    userId: string,
    cache: Map<string, Promise<string | null>>,
  ): Promise<string[]> {
    const chain: string[] = [];
    let current = userId;
    for (let depth = 0; depth < managerChainDepth; depth++) {
      const manager = await this.managerOf(client, current, cache);
      if (!manager || chain.includes(manager) || manager === userId) break;
      chain.push(manager);
      current = manager;
    }
    return chain;
  }

  private async mailboxOf(client: Pick<Client, 'api'>, userId: string): Promise<MailboxSettings | null> {
    try {
      const raw: unknown = await client
        .api(`/users/${encodeURIComponent(userId)}/mailboxSettings`)
        .select('timeZone,workingHours')
        .get();
      return MailboxSettingsSchema.parse(raw);
    } catch (e) {
      // No mailbox (or no permission to it): the person is still matched, without working hours.
      if (statusOf(e) === 404 || statusOf(e) === 403) return null;
      throw upstream(e);
    }
  }

  private async complete(
    client: Pick<Client, 'api'>,
    user: GraphUser,
    cache: Map<string, Promise<string | null>>,
  ): Promise<DirectoryPerson> {
    const [chain, mailbox] = await Promise.all([
      this.chainOf(client, user.id, cache),
      this.mailboxOf(client, user.id),
    ]);
    return toDirectoryPerson(user, chain, mailbox);
  }

  async getPerson(tenantId: string, userId: string): Promise<DirectoryPerson | null> {
    const client = this.clientFor(tenantId);
    let user: GraphUser;
    try {
      user = GraphUserSchema.parse(
        await client
          .api(`/users/${encodeURIComponent(userId)}`)
          .select(userSelect)
          .get(),
      );
    } catch (e) {
      if (statusOf(e) === 404) return null;
      if (e instanceof z.ZodError) throw upstream(e);
      throw upstream(e);
    }
    return this.complete(client, user, new Map());
  }

  /** Not part of the previous design's bill (the round bench compares getPeople): no reading. */
  getMailboxLanguages(): Promise<Map<string, string | null>> {
    return Promise.resolve(new Map<string, string | null>());
  }

  async getPeople(tenantId: string, userIds: string[]): Promise<Map<string, DirectoryPerson>> {
    const client = this.clientFor(tenantId);
    const wanted = new Set(userIds.map((id) => id.toLowerCase()));
    const users: GraphUser[] = [];
    const managerOf = new Map<string, string>();
    let expanded = false;
    // One paged listing with $select and the manager expanded, instead of requests per person. Graph returns at
    // most 100 objects a page when $expand is used on directory objects (a known limit), so ask for 100.
    let url: string | undefined = `/users?$select=${userSelect}&$expand=manager($select=id)&$top=100`;
    try {
      while (url) {
        const page = GraphPageSchema.parse(await client.api(url).get());
        for (const raw of page.value) {
          const user = GraphUserSchema.safeParse(raw);
          if (!user.success) continue;
          if (user.data.manager !== undefined) expanded = true;
          if (user.data.manager?.id)
            managerOf.set(user.data.id.toLowerCase(), user.data.manager.id.toLowerCase());
          if (wanted.has(user.data.id.toLowerCase())) users.push(user.data);
        }
        url = page['@odata.nextLink'];
      }
    } catch (e) {
      throw upstream(e);
    }
    const cache = new Map<string, Promise<string | null>>();
    // With the whole tenant's managers known, chains are walked in memory; otherwise /manager per person.
    const chainOf = (userId: string): Promise<string[]> =>
      expanded
        ? Promise.resolve(localChain(userId.toLowerCase(), managerOf))
        : this.chainOf(client, userId, cache);
    const people = await mapWithConcurrency(users, 4, async (user) => {
      const [chain, mailbox] = await Promise.all([chainOf(user.id), this.mailboxOf(client, user.id)]);
      return toDirectoryPerson(user, chain, mailbox);
    });
    return new Map(people.map((p) => [p.userId, p]));
  }
}

/** Manager, skip-level … from a complete manager map, stopping at cycles and at `managerChainDepth`. */
export function localChain(userId: string, managerOf: ReadonlyMap<string, string>): string[] {
  const chain: string[] = [];
  let current = userId;
  for (let depth = 0; depth < managerChainDepth; depth++) {
    const manager = managerOf.get(current);
    if (!manager || manager === userId || chain.includes(manager)) break;
    chain.push(manager);
    current = manager;
  }
  return chain;
}
