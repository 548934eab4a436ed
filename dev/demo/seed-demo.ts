import { type ProgramInput, ProgramInputSchema } from '../../functions/src/contracts/admin';
import { type Cadence, type Goal, type TimeOfDay, type Weekday } from '../../functions/src/contracts/common';
import { type EnrollmentRequest, type FeedbackRequest } from '../../functions/src/contracts/employee';
import { type RoundJobMessage } from '../../functions/src/contracts/queue';
import { type Actor } from '../../functions/src/domain/audit';
import { mapWithConcurrency } from '../../functions/src/domain/concurrency';
import { type Deps } from '../../functions/src/domain/deps';
import { type PairingDocument, type ProgramDocument } from '../../functions/src/domain/model';
import { closeRound } from '../../functions/src/domain/pairings/lifecycle';
import { submitFeedback } from '../../functions/src/domain/pairings/pairing-service';
import { applyTransition } from '../../functions/src/domain/pairings/pairing-writer';
import { type WorkQueues } from '../../functions/src/domain/pairings/ports';
import { enroll } from '../../functions/src/domain/participants/enrollment-service';
import { createProgram, listPrograms } from '../../functions/src/domain/programs/program-service';
import {
  getRound,
  previewRound,
  publishRound,
  runRoundJob,
} from '../../functions/src/domain/rounds/round-service';
import { isoDate, isoInstant } from '../../functions/src/domain/time';
import { type DirectoryUser } from '../tenant';
import { Rng } from '../tenant/rng';

/**
 * The live demo `npm start` opens on (PAIRWISE_DEMO=0 starts empty): Contoso runs an org-wide peer-learning
 * program and an onboarding-buddy program, a realistic share of the company has joined with varied preferences,
 * the peer-learning program has one past round with feedback, and each program has a current round, published
 * and booked on the simulator's calendars through the real booking queue.
 *
 * Everything goes through the domain services (create a program, enroll, publish a round, give feedback) as the
 * admin and the people themselves would through the API, so the demo data is what the product writes. The one
 * stand-in is time: the past round is published under a clock set back one round, and is not booked (its sessions
 * would be in the past); its pairings are closed as a finished round's are.
 *
 * Idempotent: each step looks for what it would create and skips it when present, so a second run changes nothing.
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

/** A queue port that books nothing: the past round's sessions would lie in the past. */
const withoutBooking = (queues: WorkQueues): WorkQueues => ({
  book: () => Promise.resolve(),
  act: (messages, options) => queues.act(messages, options),
  notify: (messages, options) => queues.notify(messages, options),
  rounds: (messages) => queues.rounds(messages),
});

async function findOrCreateProgram(
  deps: Deps,
  admin: Actor,
  input: ProgramInput,
): Promise<{ program: ProgramDocument; created: boolean }> {
  const existing = (await listPrograms(deps, admin.tenantId)).find((p) => p.doc.name === input.name);
  if (existing) return { program: existing.doc, created: false };
  return { program: (await createProgram(deps, admin, input)).doc, created: true };
}

async function enrollAll(
  deps: Deps,
  tenantId: string,
  program: ProgramDocument,
  people: readonly DirectoryUser[],
  goal: Goal,
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
    await enroll(deps, { tenantId, userId: user.id }, program.id, demoPreferences(user, goal), undefined);
  });
  return missing.length;
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

/**
 * The past round: published as the admin did one round ago, closed as a finished round is, and most members said
 * how it went (feedback is the members' own, given at the end of the round).
 */
async function seedPastRound(
  deps: Deps,
  admin: Actor,
  program: ProgramDocument,
  now: Date,
): Promise<boolean> {
  const today = isoDate(now);
  if ((await roundsOf(deps, program)).some((r) => r.endsOn < today)) return false;
  const roundStart = new Date(now.getTime() - (program.roundLengthWeeks * 7 + 7) * DAY_MS);
  const roundEnd = new Date(roundStart.getTime() + program.roundLengthWeeks * 7 * DAY_MS);
  const past = await previewAndPublish(
    { ...deps, clock: () => roundStart, queues: withoutBooking(deps.queues) },
    admin,
    program,
  );
  const closedAt = isoInstant(new Date(roundEnd.getTime() + DAY_MS));
  const pairings = await pairingsOfRound(deps, admin.tenantId, past.id);
  await mapWithConcurrency(pairings, 8, async (pairing) => {
    await applyTransition(deps.repos.pairings, pairing.tenantId, pairing.id, (doc) =>
      closeRound(doc, today, closedAt),
    );
  });
  const feedbackDeps = { ...deps, clock: () => new Date(roundEnd.getTime() - DAY_MS) };
  await mapWithConcurrency(
    pairings.flatMap((p) => p.memberIds.map((userId) => ({ pairing: p, userId }))),
    8,
    async ({ pairing, userId }) => {
      const rng = new Rng(`demo:feedback:${pairing.id}:${userId}`);
      if (!rng.chance(0.7)) return;
      const met = rng.chance(0.85);
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
  return true;
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

  const peer = await findOrCreateProgram(deps, admin, peerLearningProgram);
  const buddy = await findOrCreateProgram(deps, admin, onboardingProgram);
  const who = demoEnrollments(input.users, adminUser.id, now);
  const joinedPeers = await enrollAll(
    deps,
    tenantId,
    peer.program,
    who.peerLearning,
    'collaborative-learning',
  );
  const joinedBuddies = await enrollAll(deps, tenantId, buddy.program, who.onboarding, 'onboarding-buddy');
  const pastRound = await seedPastRound(deps, admin, peer.program, now);
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
