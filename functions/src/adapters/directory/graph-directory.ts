import { type Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';

import { type Directory, type DirectoryPerson } from '../../domain/deps';
import { type CalendarReach, type WorkingHours } from '../../domain/model';
import { toStoredWorkingHours } from '../../domain/pairings/members';
import { namedZoneFor } from '../../domain/scheduling/time-zones';
import { type Availability } from '../../domain/scheduling/types';
import { AppError } from '../../errors';
import { type FreeBusyReader } from '../graph/calendar/free-busy';
import { type MailboxLanguageReader } from '../graph/calendar/mailbox-languages';

/**
 * Only what Pairwise needs; phones and addresses are never selected. `mail` is read to ask Outlook for the
 * person's working hours (getSchedule takes SMTP addresses) and is never stored or passed on.
 */
export const userSelect = [
  'id',
  'displayName',
  'mail',
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
  mail: z.string().nullish(),
  jobTitle: z.string().nullish(),
  department: z.string().nullish(),
  employeeHireDate: z.string().nullish(),
  preferredLanguage: z.string().nullish(),
  onPremisesExtensionAttributes: z.record(z.string(), z.string().nullish()).nullish(),
  accountEnabled: z.boolean().nullish(),
  /** Present when read with `$expand=manager($select=id)`. */
  manager: z.object({ id: z.string() }).nullish(),
});
type GraphUser = z.infer<typeof GraphUserSchema>;

const GraphPageSchema = z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() });

/** What Outlook said about a person's calendar: their working hours, or why it could not be read. */
export interface CalendarFacts {
  workingHours: WorkingHours | null;
  timeZone: string | null;
  calendar: CalendarReach;
}

const unreadCalendar: CalendarFacts = { workingHours: null, timeZone: null, calendar: 'unknown' };

/**
 * getSchedule's per-person error codes → why the calendar cannot be reached. Exchange answers a person without a
 * mailbox with `ErrorMailRecipientNotFound` (or, called as them, 404 `MailboxNotEnabledForRESTAPI`), and one outside
 * the application access scope with `ErrorAccessDenied` (403 when called as them); anything else may pass.
 */
export function calendarReachOf(error: string): CalendarReach {
  if (/ErrorMailRecipientNotFound|MailboxNotEnabledForRESTAPI|ErrorInvalidUser|^404\b/i.test(error))
    return 'no-mailbox';
  if (/ErrorAccessDenied|^403\b/i.test(error)) return 'out-of-scope';
  return 'unknown';
}

/** One person's getSchedule answer → their calendar facts. */
export function calendarFactsOf(
  availability: Availability | undefined,
  year = new Date().getUTCFullYear(),
): CalendarFacts {
  if (!availability) return unreadCalendar;
  if (availability.error) return { ...unreadCalendar, calendar: calendarReachOf(availability.error) };
  const hours = availability.workingHours ? toStoredWorkingHours(availability.workingHours) : null;
  // A custom zone has no name: the person's clock is the Windows zone with the same instants (booking needs one).
  const zone = hours?.timeZone;
  return {
    workingHours: hours,
    timeZone: typeof zone === 'string' ? zone : zone ? (namedZoneFor(zone, year) ?? null) : null,
    calendar: 'reachable',
  };
}

/** A Graph user (+ manager chain and calendar facts) → the directory port's person. No raw DTO goes further. */
export function toDirectoryPerson(
  user: GraphUser,
  managerChain: string[],
  calendar: CalendarFacts,
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
    timeZone: calendar.timeZone,
    workingHours: calendar.workingHours,
    // Someone with no `mail` at all has no mailbox Outlook could be asked about.
    calendar: user.mail ? calendar.calendar : 'no-mailbox',
    preferredLanguage: user.preferredLanguage ?? null,
    levelSource: { jobTitle: user.jobTitle ?? null, attributes },
    // Absent (a guest, a partial read) is not "disabled": only an explicit false takes someone out.
    accountEnabled: user.accountEnabled !== false,
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

/** getSchedule over a short window: only the working hours (and whether the calendar answers) are wanted. */
const SCHEDULE_PROBE_MS = 15 * 60_000;

/**
 * Where the directory asks Outlook: working hours through the background reader (sync) or the interactive one
 * (tab), mailbox languages through the background gateway (only the sync reads them).
 */
export interface ScheduleReaders {
  background: (tenantId: string) => FreeBusyReader;
  interactive: (tenantId: string) => FreeBusyReader;
  languages: (tenantId: string) => MailboxLanguageReader;
}

/**
 * The directory over app-only Graph, in bulk: people from one paged `/users` listing with `$select` and the
 * manager expanded (chains walked in memory), working hours from batched getSchedule calls (20 people a call,
 * 20 calls a `$batch`). A single person costs a user read with the manager expanded, the rest of the chain, and one
 * getSchedule.
 */
export class GraphDirectory implements Directory {
  constructor(
    private readonly clientFor: (tenantId: string) => Pick<Client, 'api'>,
    private readonly schedules: ScheduleReaders,
    private readonly now: () => number = Date.now,
  ) {}

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

  /** Working hours and reach of many people at once, through getSchedule addressed by object id. */
  private async calendarsOf(
    reader: FreeBusyReader,
    users: readonly GraphUser[],
  ): Promise<Map<string, CalendarFacts>> {
    const withMail = users.filter((u) => u.mail);
    const ids = new Map(withMail.map((u) => [u.mail!.toLowerCase(), u.id]));
    const start = this.now();
    const read =
      withMail.length === 0
        ? new Map<string, Availability>()
        : await reader.readAvailability({
            mailboxes: [...ids.keys()],
            window: { start, end: start + SCHEDULE_PROBE_MS },
            ids,
          });
    return new Map(
      users.map((u) => [u.id, calendarFactsOf(u.mail ? read.get(u.mail.toLowerCase()) : undefined)]),
    );
  }

  async getPerson(tenantId: string, userId: string): Promise<DirectoryPerson | null> {
    const client = this.clientFor(tenantId);
    let user: GraphUser;
    try {
      user = GraphUserSchema.parse(
        await client
          .api(`/users/${encodeURIComponent(userId)}`)
          .select(userSelect)
          .expand('manager($select=id)')
          .get(),
      );
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw upstream(e);
    }
    const cache = new Map<string, Promise<string | null>>([
      [user.id, Promise.resolve(user.manager?.id.toLowerCase() ?? null)],
    ]);
    const [chain, calendars] = await Promise.all([
      walkChain(user.id.toLowerCase(), (id) => this.managerOf(client, id, cache)),
      this.calendarsOf(this.schedules.interactive(tenantId), [user]),
    ]);
    return toDirectoryPerson(user, chain, calendars.get(user.id) ?? unreadCalendar);
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
    const managerLookup = (id: string): Promise<string | null> =>
      expanded ? Promise.resolve(managerOf.get(id) ?? null) : this.managerOf(client, id, cache);
    const calendars = await this.calendarsOf(this.schedules.background(tenantId), users);
    const people = await Promise.all(
      users.map(async (user) =>
        toDirectoryPerson(
          user,
          await walkChain(user.id.toLowerCase(), managerLookup),
          calendars.get(user.id) ?? unreadCalendar,
        ),
      ),
    );
    return new Map(people.map((p) => [p.userId, p]));
  }

  getMailboxLanguages(tenantId: string, userIds: readonly string[]): Promise<Map<string, string | null>> {
    return this.schedules.languages(tenantId).read(userIds);
  }
}

/** Manager, skip-level … up to `managerChainDepth`, stopping at cycles. */
export async function walkChain(
  userId: string,
  managerOf: (id: string) => Promise<string | null>,
): Promise<string[]> {
  const chain: string[] = [];
  let current = userId;
  for (let depth = 0; depth < managerChainDepth; depth++) {
    const manager = await managerOf(current);
    if (!manager || manager === userId || chain.includes(manager)) break;
    chain.push(manager);
    current = manager;
  }
  return chain;
}
