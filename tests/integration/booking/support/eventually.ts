// Shared by integration tests and benches (run by tsx, outside jest): no jest globals here.
import { type TenantSimulator } from '../../../../dev/tenant';

/**
 * Exchange delivers invitations and responses asynchronously (the simulator after its propagation delay), so a read
 * that depends on one waits for it, as a client would: `read` is retried until it answers, within `timeoutMs`.
 */
export async function eventually<T>(
  read: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not there after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Whom Pairwise asked Teams to notify of `activityType`: those Teams delivered to, and those it skipped because the
 * app is not installed for them (the bulk action skips them silently; the simulator lists them).
 */
export function notified(
  sim: Pick<TenantSimulator, 'control'>,
  activityType: string,
  among?: readonly string[],
): { delivered: string[]; withoutApp: string[]; all: string[] } {
  const keep = (id: string) => !among || among.includes(id);
  const delivered = sim.control
    .activityNotifications()
    .filter((n) => n.body.activityType === activityType && keep(n.recipientUserId))
    .map((n) => n.recipientUserId);
  const withoutApp = sim.control
    .undeliveredActivityNotifications()
    .filter(
      (u) => u.activityType === activityType && u.reason === 'app-not-installed' && keep(u.recipientUserId),
    )
    .map((u) => u.recipientUserId);
  return { delivered, withoutApp, all: [...delivered, ...withoutApp].sort() };
}

type GraphCall = (method: string, path: string) => Promise<{ status: number; body: Record<string, unknown> }>;

/**
 * Waits until the organizer's copy of a series shows an attendee's `response` (accept or decline travels to the
 * organizer's mailbox as a message; the sweep can read it only once it has arrived).
 */
export async function organizerSees(
  graph: GraphCall,
  series: { organizerId: string; eventId: string | null },
  response: 'accepted' | 'declined' | 'tentativelyAccepted',
): Promise<void> {
  await eventually(async () => {
    const master = await graph(
      'GET',
      `/users/${series.organizerId}/events/${encodeURIComponent(series.eventId!)}?$select=attendees`,
    );
    const attendees = master.body.attendees as Array<{ status?: { response?: string } }> | undefined;
    return attendees?.some((a) => a.status?.response === response) ? true : undefined;
  }, `the ${response} answer on the organizer’s copy`);
}
