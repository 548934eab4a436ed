import { composeLifecycle, type Services } from '../../functions/src/composition';
import { type ProgramInput, ProgramInputSchema } from '../../functions/src/contracts/admin';
import {
  type Cadence,
  type Goal,
  type SkipCategory,
  type TimeOfDay,
  type Weekday,
} from '../../functions/src/contracts/common';
import { type EnrollmentRequest, type FeedbackRequest } from '../../functions/src/contracts/employee';
import {
  type BookingMessage,
  type RoundJobMessage,
  type SeriesActionMessage,
} from '../../functions/src/contracts/queue';
import { type Actor } from '../../functions/src/domain/audit';
import { mapWithConcurrency } from '../../functions/src/domain/concurrency';
import { type Deps } from '../../functions/src/domain/deps';
import { type PairingDocument, type ProgramDocument } from '../../functions/src/domain/model';
import { bookingMessage, isDone } from '../../functions/src/domain/pairings/lifecycle';
import { skipPairing, submitFeedback } from '../../functions/src/domain/pairings/pairing-service';
import { type WorkQueues } from '../../functions/src/domain/pairings/ports';
import { sessionsLikelyHeld } from '../../functions/src/domain/pairings/sessions-held';
import { enroll } from '../../functions/src/domain/participants/enrollment-service';
import { createProgram, listPrograms } from '../../functions/src/domain/programs/program-service';
import {
  getRound,
  previewRound,
  publishRound,
  runRoundJob,
} from '../../functions/src/domain/rounds/round-service';
import { isoDate, isoInstant } from '../../functions/src/domain/time';
import {
  addSharedGoal,
  checkIn,
  readWorkspace,
  setSessionAgenda,
} from '../../functions/src/domain/workspace/workspace-service';
import { type DirectoryUser } from '../tenant';
import { type AttendeeAnswer, type TenantControl } from '../tenant/control';
import { Rng } from '../tenant/rng';

/**
 * The live demo `npm start` opens on (PAIRWISE_DEMO=0 starts empty): Contoso runs an org-wide peer-learning
 * program and an onboarding-buddy program, a realistic share of the company has joined with varied preferences
 * over the weeks before, the peer-learning program has one past round whose sessions are over — booked, answered,
 * partly skipped and rated — and each program has a current round, published and booked on the simulator's
 * calendars through the real booking queue.
 *
 * Everything goes through the domain services as the admin, the people and the workers would: create a program,
 * enroll, publish a round, book it (the booking service), answer the invitations (each person's Outlook, through
 * the simulator), skip (the pairing service, then the series-action service ends the series early), follow the
 * series (the follow-up sweep reads the calendars and records which sessions likely took place), give feedback,
 * close the round (the sweep again). The one stand-in is time: the past happens under clocks set back, in order,
 * and its notifications are not sent (they would arrive today about weeks ago).
 *
 * Deterministic for a tenant seed: people, preferences, the past round's answers, skips and feedback are drawn
 * from streams keyed by people's ids. Idempotent: each step looks for what it would create and skips it when
 * present (a past round interrupted half-way is finished on the next start), so a second run changes nothing.
 */

export interface DemoPerson {
  userPrincipalName: string;
  displayName: string;
  /** Why this person shows the view (for the start-up banner and the README). */
  shows: string;
}

export interface DemoSeed {
  created: boolean;
  programs: { peerLearning: string; onboarding: string };
  personas: {
    admin: DemoPerson;
    employee: DemoPerson | null;
    newJoiner: DemoPerson | null;
    unmatched: DemoPerson | null;
  };
}

export interface DemoSeedInput {
  deps: Deps;
  tenantId: string;
  users: readonly DirectoryUser[];
  adminUserPrincipalName: string;
  /** Waits until the booking queue is drained (the local host's queue runner). */
  queuesIdle: () => Promise<void>;
  /** The calendar ports the lifecycle services use (composition.ts): the past round is booked and followed with them. */
  calendarFor: Services['calendarFor'];
  tabDeepLink: string;
  /** People answering their invitations, as their Outlook does (the tenant simulator's control API). */
  outlook: Pick<TenantControl, 'respond' | 'realism'>;
  log?: (line: string) => void;
}

export const DEMO_PROGRAM_NAMES = {
  peerLearning: 'Contoso peer learning',
  onboarding: 'Onboarding buddies',
} as const;

/** Both programs run on Monday mornings in Berlin; the first scheduled round is next Monday's, after the demo's. */
const schedule = { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' };

const peerLearningProgram: ProgramInput = ProgramInputSchema.parse({
  name: DEMO_PROGRAM_NAMES.peerLearning,
  kind: 'collaborative-learning',
  description:
    'Meet a colleague at your level from another team every few weeks: learn from each other, swap ideas and challenge each other.',
  roundLengthWeeks: 6,
  defaultCadence: 'biweekly',
  sessionMinutes: 30,
  schedule,
  rules: { levelBand: 1, cooldownRounds: 3, minOverlapHours: 1, oddPolicy: 'triad' },
  status: 'active',
});

const onboardingProgram: ProgramInput = ProgramInputSchema.parse({
  name: DEMO_PROGRAM_NAMES.onboarding,
  kind: 'onboarding-buddy',
  description:
    'Joined Contoso in the last three months? Get a buddy at your level who knows the ropes. Been here a while? Volunteer as a buddy.',
  roundLengthWeeks: 8,
  defaultCadence: 'weekly',
  sessionMinutes: 30,
  schedule,
  rules: { levelBand: 1, cooldownRounds: 4, minOverlapHours: 1, oddPolicy: 'carry-over' },
  status: 'active',
});

const TOPICS = [
  'Public speaking',
  'Negotiation',
  'Data analysis',
  'Kubernetes',
  'Product discovery',
  'Writing design docs',
  'Accessibility',
  'Giving feedback',
  'SQL',
  'Running workshops',
  'Time management',
  'Machine learning',
  'User research',
  'Interviewing',
  'TypeScript',
  'Budgeting',
  'Storytelling with data',
  'Career growth',
] as const;

const SIDE_GOALS: readonly (readonly [Goal, number])[] = [
  ['network-building', 3],
  ['project-accountability', 2],
  ['remote-connection', 2],
];
const CADENCES: readonly (readonly [Cadence, number])[] = [
  ['biweekly', 6],
  ['weekly', 2],
  ['monthly', 2],
];
const DAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const TIMES: readonly TimeOfDay[] = ['morning', 'midday', 'afternoon'];

const COMMENTS = [
  'We swapped notes on running retros — I tried her format the next week.',
  'Good to talk to someone outside my team.',
  'Hard to find time in the last weeks, but the first two sessions were great.',
  'Very practical: we reviewed each other’s plans.',
  '',
  '',
];

function pickSome<T>(rng: Rng, items: readonly T[], min: number, max: number): T[] {
  const count = rng.int(min, max);
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  return out;
}

/** One person's preferences, drawn from their own stream: the same person always joins the same way. */
export function demoPreferences(user: DirectoryUser, mainGoal: Goal): EnrollmentRequest {
  const rng = new Rng(`demo:${mainGoal}:${user.id}`);
  const learn = pickSome(rng, TOPICS, 1, 3);
  const share = pickSome(
    rng,
    TOPICS.filter((t) => !learn.includes(t)),
    1,
    2,
  );
  // What they speak: English at work, and the language of their directory entry and of their Outlook.
  const spoken = [user.preferredLanguage, user.mailboxLocale].map((tag) => tag?.split('-')[0]?.toLowerCase());
  const languages = [...new Set(['en', ...spoken])].filter((l): l is string => !!l && /^[a-z]{2,3}$/.test(l));
  return {
    goals: [mainGoal, ...(rng.chance(0.4) ? [rng.weighted(SIDE_GOALS)] : [])].filter(
      (goal, index, all) => all.indexOf(goal) === index,
    ),
    topicsToLearn: learn,
    topicsToShare: share,
    cadence: mainGoal === 'onboarding-buddy' ? 'weekly' : rng.weighted(CADENCES),
    preferredDays: rng.chance(0.3) ? pickSome(rng, DAYS, 2, 3) : [],
    preferredTimesOfDay: rng.chance(0.3) ? pickSome(rng, TIMES, 1, 2) : [],
    languages,
    notWith: [],
  };
}

const DAY_MS = 86_400_000;
const hiredDaysAgo = (user: DirectoryUser, now: Date) =>
  Math.floor((now.getTime() - new Date(user.employeeHireDate).getTime()) / DAY_MS);
const isNewJoiner = (user: DirectoryUser, now: Date) => hiredDaysAgo(user, now) < 90;

/** Someone the demo can show end to end: signs in with their mail address, has a calendar Pairwise can book. */
const isShowcase = (user: DirectoryUser) =>
  !user.upnDiffersFromMail && user.hasMailbox && user.inAppScope && user.appInstalled;

/**
 * Who joins what. About four in ten people join the peer-learning program (never the top of the ladder's second
 * rung, so the one executive who joins has nobody at a close enough level: the demo's "unmatched" person), every
 * new joiner joins the onboarding program, and about as many tenured colleagues at their levels volunteer as buddies.
 */
export function demoEnrollments(
  users: readonly DirectoryUser[],
  adminId: string,
  now: Date,
): { peerLearning: DirectoryUser[]; onboarding: DirectoryUser[]; loneExecutive: DirectoryUser | null } {
  const people = users
    .filter((u) => u.accountEnabled && u.id !== adminId && u.appRoles.length === 0)
    .sort((a, b) => a.id.localeCompare(b.id));
  const loneExecutive = people.find((u) => u.level === 'L7' && isShowcase(u)) ?? null;
  const peerLearning = people.filter(
    (u) =>
      u === loneExecutive ||
      (u.level !== 'L7' && u.level !== 'L6' && new Rng(`demo:join:${u.id}`).chance(0.4)),
  );
  const newJoiners = people.filter((u) => isNewJoiner(u, now) && u.level !== 'L7');
  const volunteers: DirectoryUser[] = [];
  for (const joiner of newJoiners) {
    const buddy = people.find(
      (u) =>
        !isNewJoiner(u, now) &&
        hiredDaysAgo(u, now) > 365 &&
        u.level === joiner.level &&
        u.department !== joiner.department &&
        u.timeZone === joiner.timeZone &&
        !volunteers.includes(u),
    );
    if (buddy) volunteers.push(buddy);
  }
  return { peerLearning, onboarding: [...newJoiners, ...volunteers], loneExecutive };
}

/** A clock that always reads `at`: the past happens in order, each step at its own moment. */
const clockAt = (at: number) => () => new Date(at);

/**
 * The work queues of the past: bookings and calendar actions are kept for the seed to run in order under its own
 * clock (the host's workers would run them today), notifications are not sent (people were told at the time).
 */
function pastQueues(): WorkQueues & { bookings: BookingMessage[]; actions: SeriesActionMessage[] } {
  const bookings: BookingMessage[] = [];
  const actions: SeriesActionMessage[] = [];
  return {
    bookings,
    actions,
    book: (messages) => {
      bookings.push(...messages);
      return Promise.resolve();
    },
    act: (messages) => {
      actions.push(...messages);
      return Promise.resolve();
    },
    notify: () => Promise.resolve(),
    rounds: () => Promise.reject(new Error('the past round is planned by the seed itself')),
  };
}

async function findOrCreateProgram(
  deps: Deps,
  admin: Actor,
  input: ProgramInput,
): Promise<{ program: ProgramDocument; created: boolean }> {
  const existing = (await listPrograms(deps, admin.tenantId)).find((p) => p.doc.name === input.name);
  if (existing) return { program: existing.doc, created: false };
  return { program: (await createProgram(deps, admin, input)).doc, created: true };
}

/** Enrolls each person who has not joined yet, at the moment `joinedAt` says (so the program grows over weeks). */
async function enrollAll(
  deps: Deps,
  tenantId: string,
  program: ProgramDocument,
  people: readonly DirectoryUser[],
  goal: Goal,
  joinedAt: (user: DirectoryUser) => number,
): Promise<number> {
  const existing = new Set(
    (
      await deps.repos.participants.queryAll(tenantId, {
        where: [{ field: 'programId', op: 'eq', value: program.id }],
      })
    ).map((p) => p.doc.userId),
  );
  const missing = people.filter((u) => !existing.has(u.id));
  await mapWithConcurrency(missing, 8, async (user) => {
    await enroll(
      { ...deps, clock: clockAt(joinedAt(user)) },
      { tenantId, userId: user.id },
      program.id,
      demoPreferences(user, goal),
      undefined,
    );
  });
  return missing.length;
}

/** When a person joined a program: a few days to weeks after the program opened (or after they were hired). */
function joinedAt(user: DirectoryUser, opened: number, latest: number, program: string): number {
  const rng = new Rng(`demo:joined:${program}:${user.id}`);
  const hired = Date.parse(user.employeeHireDate);
  const from = Math.max(opened, Number.isNaN(hired) ? opened : hired + 2 * DAY_MS);
  return Math.min(latest, from + rng.int(0, 21) * DAY_MS + rng.int(8, 17) * 3_600_000);
}

async function roundsOf(deps: Deps, program: ProgramDocument) {
  return (
    await deps.repos.rounds.queryAll(program.tenantId, {
      where: [
        { field: 'programId', op: 'eq', value: program.id },
        { field: 'status', op: 'eq', value: 'published' },
      ],
    })
  ).map((r) => r.doc);
}

async function pairingsOfRound(deps: Deps, tenantId: string, roundId: string): Promise<PairingDocument[]> {
  return (
    await deps.repos.pairings.queryAll(tenantId, { where: [{ field: 'roundId', op: 'eq', value: roundId }] })
  ).map((p) => p.doc);
}

/**
 * As an admin does it: preview, then publish that draft. The preview's seed is fixed so the same company gets the
 * same pairs on every start (a new round's seed otherwise follows its creation time).
 */
async function previewAndPublish(deps: Deps, admin: Actor, program: ProgramDocument) {
  // The round jobs run here, with the seed's clock (the past round is planned as of its own start), not by the
  // host's round worker.
  const jobs: RoundJobMessage[] = [];
  const inline: Deps = {
    ...deps,
    queues: {
      book: (messages, options) => deps.queues.book(messages, options),
      act: (messages, options) => deps.queues.act(messages, options),
      notify: (messages, options) => deps.queues.notify(messages, options),
      rounds: (messages) => {
        jobs.push(...messages);
        return Promise.resolve();
      },
    },
  };
  const runJobs = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const outcome = await runRoundJob(inline, job, { lastDelivery: true });
      if (outcome.kind === 'failed') throw new Error(`The demo round failed: ${outcome.reason}`);
    }
  };
  const draft = await previewRound(inline, admin, program.id, 2026);
  await runJobs();
  await publishRound(inline, admin, program.id, draft.id);
  await runJobs();
  return getRound(inline, admin.tenantId, program.id, draft.id);
}

/** A pairing's own random stream, from its people (pairing ids are random; the people are the seed's). */
const pairingRng = (purpose: string, pairing: Pick<PairingDocument, 'memberIds'>) =>
  new Rng(`demo:${purpose}:${[...pairing.memberIds].sort().join('+')}`);

/** How the people invited to a past series answered it: mostly yes, some maybe, a few never, one holiday. */
type Answer = { response: AttendeeAnswer; declineSession?: number } | null;
function answerOf(pairing: PairingDocument): Answer {
  const rng = pairingRng('answer', pairing);
  const roll = rng.next();
  if (roll < 0.1) return null;
  if (roll < 0.25) return { response: 'tentativelyAccepted' };
  return rng.chance(0.15) ? { response: 'accepted', declineSession: 1 } : { response: 'accepted' };
}

const SKIPS: readonly SkipCategory[] = [
  'too-busy',
  'too-busy',
  'away',
  'too-busy',
  'not-a-fit',
  'away',
  'other',
];

/**
 * The past round, lived through: published as the admin did one round ago; booked by the booking service the next
 * minute; its invitations answered by the people; followed by the sweep mid-round (sessions so far); skipped by a
 * few people (their series ended early by the series-action service); followed again on its last day; rated by
 * most members; closed by the sweep the day after it ended. Each step is skipped when already done, so a start that
 * was interrupted half-way finishes it.
 */
async function seedPastRound(
  input: DemoSeedInput,
  admin: Actor,
  program: ProgramDocument,
  now: Date,
): Promise<boolean> {
  const { deps } = input;
  const today = isoDate(now);
  const roundStart = now.getTime() - (program.roundLengthWeeks * 7 + 7) * DAY_MS;
  const existing = (await roundsOf(deps, program)).find((r) => r.endsOn < today);
  const queues = pastQueues();
  const past =
    existing ?? (await previewAndPublish({ ...deps, clock: clockAt(roundStart), queues }, admin, program));
  let pairings = await pairingsOfRound(deps, admin.tenantId, past.id);
  if (pairings.every(isDone)) return existing === undefined;

  // The services of the past, each at its moment.
  const lifecycleAt = (at: number) =>
    composeLifecycle({ ...deps, clock: clockAt(at), queues }, input.calendarFor, input.tabDeepLink);
  const lastDay = Date.parse(`${past.endsOn}T23:59:00Z`);
  const midRound = roundStart + Math.floor((lastDay - roundStart) / 2);
  const drain = async (at: number) => {
    const life = lifecycleAt(at);
    // A transient failure comes back as a new message: the queue, in order, until it is empty (bounded).
    for (let pass = 0; pass < 10 && (queues.bookings.length > 0 || queues.actions.length > 0); pass++) {
      const bookings = queues.bookings.splice(0);
      const actions = queues.actions.splice(0);
      await mapWithConcurrency(bookings, 20, (m) => life.booking.handle(m, { lastDelivery: pass === 9 }));
      await mapWithConcurrency(actions, 8, (m) => life.seriesActions.handle(m, { lastDelivery: pass === 9 }));
    }
  };
  const sweepAt = async (at: number) => {
    await lifecycleAt(at).followUp.tick([admin.tenantId], at + 10 * 60_000);
  };
  const delivered = () =>
    new Promise((resolve) => setTimeout(resolve, input.outlook.realism().propagationDelayMs + 250));

  // Booked the minute after publishing (and re-booked where an earlier start was interrupted).
  queues.bookings.push(
    ...pairings
      .filter((p) => p.published && p.series === null && (p.state === 'proposed' || p.state === 'booking'))
      .map(bookingMessage),
  );
  await drain(roundStart + 60_000);
  pairings = await pairingsOfRound(deps, admin.tenantId, past.id);
  const series = pairings.filter((p) => p.series?.eventId && !isDone(p));

  // Each invitation answered as the person's Outlook did (once the invitations have arrived).
  if (series.length > 0) await delivered();
  for (const pairing of series) {
    const answer = answerOf(pairing);
    if (!answer || !pairing.series?.eventId) continue;
    const meeting = { organizer: pairing.series.organizerId, eventId: pairing.series.eventId };
    for (const attendee of pairing.memberIds.filter((id) => id !== pairing.series?.organizerId)) {
      input.outlook.respond(attendee, meeting, answer.response);
      if (answer.declineSession !== undefined)
        input.outlook.respond(attendee, meeting, 'declined', answer.declineSession);
    }
  }
  if (series.length > 0) {
    await delivered();
    // Mid-round: the sweep has read the sessions so far.
    await sweepAt(midRound);
  }

  // Some pairs used their workspace: shared goals and a first agenda in the first days, check-ins after a session.
  await seedWorkspaces(deps, admin.tenantId, series, roundStart + 2 * DAY_MS, midRound);

  // A few people skipped the rest of the round, each with a reason; their series ended early.
  const skippers = series
    .filter((p) => p.memberIds.length === 2)
    .sort((a, b) => pairingRng('skip', a).next() - pairingRng('skip', b).next())
    .slice(0, SKIPS.length);
  for (const [index, pairing] of skippers.entries()) {
    const who = pairing.memberIds[pairingRng('skipper', pairing).int(0, 1)]!;
    await skipPairing(
      { ...deps, clock: clockAt(midRound + 3_600_000), queues },
      { tenantId: admin.tenantId, userId: who },
      pairing.id,
      { category: SKIPS[index]!, note: '' },
    );
  }
  await drain(midRound + 3_600_000);

  // The last day: the sweep reads every session, then people say how it went.
  if (series.length > 0) await sweepAt(lastDay);
  pairings = await pairingsOfRound(deps, admin.tenantId, past.id);
  const feedbackDeps = { ...deps, clock: clockAt(lastDay), queues };
  await mapWithConcurrency(
    pairings.flatMap((p) => p.memberIds.map((userId) => ({ pairing: p, userId }))),
    8,
    async ({ pairing, userId }) => {
      const rng = new Rng(`demo:feedback:${[...pairing.memberIds].sort().join('+')}:${userId}`);
      if (!rng.chance(0.7)) return;
      // Most who met say so; a few whose calendars say nothing say they met anyway (and some the other way).
      const met = rng.chance(
        sessionsLikelyHeld(pairing, isoInstant(new Date(lastDay))).likelyHeld > 0 ? 0.9 : 0.2,
      );
      const request: FeedbackRequest = {
        met,
        rating: met
          ? rng.weighted<number>([
              [5, 4],
              [4, 4],
              [3, 2],
            ])
          : null,
        comment: met ? rng.pick(COMMENTS) : '',
      };
      await submitFeedback(feedbackDeps, { tenantId: admin.tenantId, userId }, pairing.id, request);
    },
  );

  // The day after its end, the sweep closes the round.
  await sweepAt(lastDay + DAY_MS);
  return existing === undefined;
}

const WORKSPACE_GOALS = [
  'Run a retro in a new format',
  'Give a lunch-and-learn talk',
  'Review each other’s project plans',
  'Learn enough SQL to answer my own questions',
  'Write up what we learn for the team wiki',
  'Practise giving feedback',
] as const;

const FIRST_AGENDA = [
  'How our first weeks went',
  'What each of us wants from these sessions',
  'One thing to try before next time',
] as const;

/**
 * The past round's pair workspaces, as a share of pairs used them: about half set one or two shared goals two days
 * in, some wrote their first session's agenda, and mid-round most of those members checked in on their goals. A
 * workspace that has goals already is left as it is (an interrupted start resumes without doubling them).
 */
async function seedWorkspaces(
  deps: Deps,
  tenantId: string,
  pairings: readonly PairingDocument[],
  early: number,
  midRound: number,
): Promise<void> {
  const pairs = pairings.filter((p) => p.memberIds.length === 2 && pairingRng('workspace', p).chance(0.5));
  await mapWithConcurrency(pairs, 8, async (pairing) => {
    const rng = pairingRng('workspace-use', pairing);
    const [first, second] = pairing.memberIds as [string, string];
    const at = (time: number) => ({ ...deps, clock: clockAt(time) });
    const author = { tenantId, userId: first };
    let view = await readWorkspace(at(early), author, pairing.id);
    if (view.goals.length > 0 || !view.editable) return;
    // One or two different goals.
    const start = rng.int(0, WORKSPACE_GOALS.length - 1);
    const titles = [0, 3]
      .slice(0, rng.int(1, 2))
      .map((k) => WORKSPACE_GOALS[(start + k) % WORKSPACE_GOALS.length]!);
    for (const title of titles) view = await addSharedGoal(at(early), author, pairing.id, title, view.etag);
    if (rng.chance(0.6))
      view = await setSessionAgenda(
        at(early),
        { tenantId, userId: second },
        pairing.id,
        1,
        FIRST_AGENDA,
        view.etag,
      );
    for (const userId of [first, second]) {
      if (!rng.chance(0.7)) continue;
      const checkIns = view.goals.map((g) => ({
        goalId: g.id,
        status: rng.weighted<'done' | 'in-progress' | 'blocked'>([
          ['in-progress', 6],
          ['done', 3],
          ['blocked', 1],
        ]),
        note: '',
      }));
      view = await checkIn(at(midRound), { tenantId, userId }, pairing.id, 1, { checkIns }, undefined);
    }
  });
}

/** The current round: published now, its pairings booked by the booking worker through the queue. */
async function seedCurrentRound(
  deps: Deps,
  admin: Actor,
  program: ProgramDocument,
  now: Date,
): Promise<boolean> {
  const today = isoDate(now);
  if ((await roundsOf(deps, program)).some((r) => r.endsOn >= today)) return false;
  await previewAndPublish(deps, admin, program);
  return true;
}

async function currentRound(deps: Deps, program: ProgramDocument, now: Date) {
  const today = isoDate(now);
  return (await roundsOf(deps, program))
    .filter((r) => r.endsOn >= today)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

const byName = (a: DirectoryUser, b: DirectoryUser) => a.displayName.localeCompare(b.displayName);

/** The people the README sends you to, chosen by rule from the seeded data (so the same seed gives the same people). */
async function choosePersonas(
  deps: Deps,
  input: DemoSeedInput,
  peerLearning: ProgramDocument,
  onboarding: ProgramDocument,
  now: Date,
): Promise<DemoSeed['personas']> {
  const user = new Map(input.users.map((u) => [u.id, u]));
  const admin = input.users.find((u) => u.userPrincipalName === input.adminUserPrincipalName)!;
  const person = (u: DirectoryUser | undefined, shows: string): DemoPerson | null =>
    u ? { userPrincipalName: u.userPrincipalName, displayName: u.displayName, shows } : null;
  const bookedMembers = async (program: ProgramDocument) => {
    const round = await currentRound(deps, program, now);
    if (!round) return { round, members: [] as DirectoryUser[] };
    const booked = (await pairingsOfRound(deps, program.tenantId, round.id)).filter(
      (p) => p.published && p.nextSession !== null && p.members.length === 2,
    );
    return {
      round,
      members: booked
        .flatMap((p) => p.memberIds.map((id) => user.get(id)))
        .filter((u): u is DirectoryUser => u !== undefined && isShowcase(u))
        .sort(byName),
    };
  };
  const peers = await bookedMembers(peerLearning);
  const buddies = await bookedMembers(onboarding);
  const unmatchedIds = new Set(peers.round?.unmatched.map((u) => u.userId) ?? []);
  const unmatched = input.users
    .filter((u) => unmatchedIds.has(u.id) && isShowcase(u))
    // The person left out because nobody is at their level tells the story best; any other reason will do.
    .sort((a, b) => Number(b.level === 'L7') - Number(a.level === 'L7') || byName(a, b))[0];
  return {
    admin: person(admin, 'the admin: programs, rounds and the dashboard')!,
    employee: person(
      peers.members.find((u) => !isNewJoiner(u, now)),
      `an employee with a peer and booked sessions (${peerLearning.name})`,
    ),
    newJoiner: person(
      buddies.members.find((u) => isNewJoiner(u, now)),
      `a new joiner with a buddy (${onboarding.name})`,
    ),
    unmatched: person(unmatched, 'someone left unmatched this round, and why'),
  };
}

export async function seedDemo(input: DemoSeedInput): Promise<DemoSeed> {
  const { deps, tenantId } = input;
  const log = input.log ?? (() => undefined);
  const now = deps.clock();
  const adminUser = input.users.find((u) => u.userPrincipalName === input.adminUserPrincipalName);
  if (!adminUser) throw new Error(`The demo admin ${input.adminUserPrincipalName} is not in the directory`);
  const admin: Actor = { tenantId, userId: adminUser.id };

  // The peer-learning program opened six weeks before its past round; the onboarding program a quarter ago.
  const pastRoundStart = now.getTime() - (peerLearningProgram.roundLengthWeeks * 7 + 7) * DAY_MS;
  const peerOpened = pastRoundStart - 42 * DAY_MS;
  const buddyOpened = now.getTime() - 91 * DAY_MS;
  const peer = await findOrCreateProgram({ ...deps, clock: clockAt(peerOpened) }, admin, peerLearningProgram);
  const buddy = await findOrCreateProgram({ ...deps, clock: clockAt(buddyOpened) }, admin, onboardingProgram);
  const who = demoEnrollments(input.users, adminUser.id, now);
  // Who was there for the past round joined before it; people hired since joined after it.
  const beforePast = (u: DirectoryUser) => joinedAt(u, peerOpened, now.getTime(), 'peers') < pastRoundStart;
  const joinedPeersEarly = await enrollAll(
    deps,
    tenantId,
    peer.program,
    who.peerLearning.filter(beforePast),
    'collaborative-learning',
    (u) => joinedAt(u, peerOpened, now.getTime(), 'peers'),
  );
  const pastRound = await seedPastRound(input, admin, peer.program, now);
  const joinedPeersLate = await enrollAll(
    deps,
    tenantId,
    peer.program,
    who.peerLearning.filter((u) => !beforePast(u)),
    'collaborative-learning',
    (u) => joinedAt(u, pastRoundStart + DAY_MS, now.getTime() - 3_600_000, 'peers'),
  );
  const joinedBuddies = await enrollAll(
    deps,
    tenantId,
    buddy.program,
    who.onboarding,
    'onboarding-buddy',
    (u) => joinedAt(u, buddyOpened, now.getTime() - 3_600_000, 'buddies'),
  );
  const joinedPeers = joinedPeersEarly + joinedPeersLate;
  const currentPeers = await seedCurrentRound(deps, admin, peer.program, now);
  const currentBuddies = await seedCurrentRound(deps, admin, buddy.program, now);
  const created =
    peer.created ||
    buddy.created ||
    joinedPeers + joinedBuddies > 0 ||
    pastRound ||
    currentPeers ||
    currentBuddies;
  if (created) {
    log(
      `demo       ${who.peerLearning.length} people in “${peer.program.name}”, ${who.onboarding.length} in “${buddy.program.name}”; booking the current rounds…`,
    );
  }
  await input.queuesIdle();
  return {
    created,
    programs: { peerLearning: peer.program.id, onboarding: buddy.program.id },
    personas: await choosePersonas(deps, input, peer.program, buddy.program, now),
  };
}
