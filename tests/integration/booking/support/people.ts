// Shared by the booking integration tests and bench/booking*.bench.ts (run by tsx, outside jest): no jest globals here.
import { type DirectoryUser, type TenantSimulator } from '../../../../dev/tenant';
import { type BookingPerson, type BookingRequest } from '../../../../functions/src/domain/scheduling';

export type Pair = readonly [DirectoryUser, DirectoryUser];

/**
 * People who can be booked: enabled accounts with an Exchange Online mailbox inside the app's access scope, in
 * directory order. (The demo tenant also has people without a mailbox or outside the scope, as real tenants do;
 * the tests that are about them pick them on purpose.)
 */
export function bookableUsers(sim: TenantSimulator): DirectoryUser[] {
  return sim.users.filter(isBookable);
}

export function isBookable(u: DirectoryUser): boolean {
  return u.accountEnabled && Boolean(u.mail) && u.hasMailbox && u.inAppScope;
}

/** Bookable people ordered by time zone (then id), so neighbours mostly share an office. */
export function usersInZoneOrder(sim: TenantSimulator): DirectoryUser[] {
  return [...bookableUsers(sim)].sort(
    (x, y) => x.timeZone.localeCompare(y.timeZone) || x.id.localeCompare(y.id),
  );
}

/** People grouped by office (time zone), the busiest office first; directory order within an office and among ties. */
export function officesBySize<U extends { timeZone: string }>(users: readonly U[]): U[][] {
  const byZone = new Map<string, U[]>();
  for (const u of users) byZone.set(u.timeZone, [...(byZone.get(u.timeZone) ?? []), u]);
  return [...byZone.values()].sort((a, b) => b.length - a.length);
}

/**
 * Pair `index` of the busiest office (people 2·index and 2·index + 1): same zone, as the matching engine's
 * working-hours overlap rule would allow, so a common slot exists.
 */
export function officePair(sim: TenantSimulator, index: number): Pair {
  const office = officesBySize(bookableUsers(sim))[0]!;
  return [office[2 * index]!, office[2 * index + 1]!] as const;
}

/** `count` pairs of neighbours in time-zone order, as the matching engine (overlapping working hours) would mostly pair people. */
export function neighbourPairs(sim: TenantSimulator, count: number): Pair[] {
  const users = usersInZoneOrder(sim);
  if (users.length < 2 * count) throw new Error(`Only ${users.length} enabled users for ${count} pairings`);
  return Array.from({ length: count }, (_, i) => [users[2 * i]!, users[2 * i + 1]!] as const);
}

const LEVELS: Record<string, number> = { L1: 1, L2: 2, L3: 3, L4: 4, L5: 5, L6: 6, L7: 7 };

export function bookingPerson(user: DirectoryUser): BookingPerson {
  return {
    id: user.id,
    mailbox: user.mail,
    displayName: user.displayName,
    level: LEVELS[String(user.level)] ?? 0,
    timeZone: user.timeZone,
    ...(user.managerId ? { loadGroups: [`manager:${user.managerId}`] } : {}),
  };
}

export interface PairingsOptions {
  from: number;
  count: number;
  round: { start: number; end: number };
  prefix: string;
  /** Order users by time zone first so pairs share one (a test that needs a booked series). */
  sameZone?: boolean;
  /** Defaults to `Peers <prefix>`; the series subject starts with it. */
  programName?: string;
  reasons?: BookingRequest['reasons'];
}

/**
 * Booking requests pairing bookable users in order (0–1, 2–3, …) starting at `from`: deterministic pairings,
 * ids `<prefix>-0000`, `<prefix>-0001`, ….
 */
export function pairingsOf(sim: TenantSimulator, options: PairingsOptions): BookingRequest[] {
  // Same zone: neighbours within one office only (a pair never straddles two zones), `from` counted in people.
  const pairs: Array<readonly [DirectoryUser | undefined, DirectoryUser | undefined]> = options.sameZone
    ? officesBySize(usersInZoneOrder(sim)).flatMap((office) =>
        Array.from(
          { length: Math.floor(office.length / 2) },
          (_, k) => [office[2 * k], office[2 * k + 1]] as const,
        ),
      )
    : [];
  const users = bookableUsers(sim);
  return Array.from({ length: options.count }, (_, i) => {
    const [a, b] = options.sameZone
      ? (pairs[Math.floor(options.from / 2) + i] ?? [undefined, undefined])
      : [users[options.from + 2 * i], users[options.from + 2 * i + 1]];
    if (!a || !b) throw new Error('Not enough users in the simulated tenant');
    return {
      tenantId: sim.tenantId,
      pairingId: `${options.prefix}-${String(i).padStart(4, '0')}`,
      attempt: 0,
      mayExist: false,
      people: [bookingPerson(a), bookingPerson(b)] as const,
      cadence: 'weekly' as const,
      durationMinutes: 30,
      round: options.round,
      program: { name: options.programName ?? `Peers ${options.prefix}`, allowNewTimeProposals: false },
      reasons: options.reasons ?? [
        { kind: 'different-department', data: { departments: [a.department, b.department] } },
        { kind: 'shared-goal', data: { goals: ['network-building'] } },
      ],
      tabDeepLink: 'https://teams.microsoft.com/l/entity/00000000-0000-0000-0000-000000000000/pairings',
    };
  });
}
