import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type DemoSeed, seedDemo } from '../../../dev/demo/seed-demo';
import { type LocalStack, startLocalStack } from '../../../dev/stack';
import { tabDeepLinkOf } from '../../../functions/src/composition';
import { type MeResponse, type PairingsResponse, type ProgramStats } from '../../../functions/src/contracts';
import { type DocumentStore } from '../../../functions/src/domain/ports';
import { localCa } from '../backend/local-parts';

/**
 * `npm start`'s live demo on the default demo company (the one the README describes): both programs, a past round
 * with feedback, current rounds published and booked through the booking queue, the README's people showing what
 * the README says they show — and a second seeding changes nothing.
 */
let stack: LocalStack;
let demo: DemoSeed;

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

/** The README's sign-in line for a view: `- <view>: `upn``. */
function readmePerson(view: string): string {
  const match = new RegExp(`^- ${view}: \`([^\`]+)\``, 'm').exec(readme);
  if (!match?.[1]) throw new Error(`the README names nobody for "${view}"`);
  return match[1];
}

async function api<T>(upn: string, path: string): Promise<T> {
  const token = await stack.tenant!.issueUserToken(upn);
  const response = await fetch(`${stack.baseUrl}/api/${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`GET ${path} as ${upn} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function snapshot(): Promise<Record<string, string[]>> {
  const { repos } = stack.services.deps;
  const tenantId = stack.tenant!.tenantId;
  const etags = async <T extends { id: string; tenantId: string }>(store: DocumentStore<T>) =>
    (await store.queryAll(tenantId, {})).map((s) => `${s.doc.id}@${s.etag}`).sort();
  return {
    programs: await etags(repos.programs),
    participants: await etags(repos.participants),
    rounds: await etags(repos.rounds),
    pairings: await etags(repos.pairings),
    feedback: await etags(repos.feedback),
  };
}

beforeAll(async () => {
  localCa();
  stack = await startLocalStack({
    port: 0,
    scheduleTimers: false,
    demo: true,
    env: { ...process.env, PORT: undefined, TENANT_SEED: undefined, TENANT_SIZE: undefined },
  });
  demo = stack.demo!;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

it('seeds two active programs with a realistic share of the company', async () => {
  const tenantId = stack.tenant!.tenantId;
  const { repos } = stack.services.deps;
  const programs = (await repos.programs.queryAll(tenantId, {})).map((p) => p.doc);
  expect(programs.map((p) => [p.kind, p.status]).sort()).toEqual([
    ['collaborative-learning', 'active'],
    ['onboarding-buddy', 'active'],
  ]);
  const participants = (await repos.participants.queryAll(tenantId, {})).map((p) => p.doc);
  const peers = participants.filter((p) => p.programId === demo.programs.peerLearning);
  const company = stack.tenant!.users.length;
  expect(peers.length).toBeGreaterThan(company * 0.25);
  expect(peers.length).toBeLessThan(company * 0.6);
  // Varied preferences: several cadences, languages beyond English, and many different topics.
  expect(new Set(peers.map((p) => p.preferences.cadence)).size).toBe(3);
  expect(new Set(peers.flatMap((p) => p.preferences.languages)).size).toBeGreaterThan(2);
  expect(new Set(peers.flatMap((p) => p.preferences.topicsToLearn)).size).toBeGreaterThan(10);
});

it('has one past round with feedback and a current round published and booked in each program', async () => {
  const tenantId = stack.tenant!.tenantId;
  const { repos } = stack.services.deps;
  // Round dates are days in the program's time zone (Europe/Berlin here): between 23:00 and midnight UTC its day
  // is already tomorrow's, and a round published then starts on that day.
  const programs = (await repos.programs.queryAll(tenantId, {})).map((p) => p.doc);
  const timeZone = programs.find((p) => p.id === demo.programs.peerLearning)!.schedule.timeZone;
  expect(programs.every((p) => p.schedule.timeZone === timeZone)).toBe(true);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  const rounds = (
    await repos.rounds.queryAll(tenantId, { where: [{ field: 'status', op: 'eq', value: 'published' }] })
  ).map((r) => r.doc);
  const peerRounds = rounds.filter((r) => r.programId === demo.programs.peerLearning);
  expect(peerRounds.filter((r) => r.endsOn < today)).toHaveLength(1);
  for (const programId of Object.values(demo.programs)) {
    const current = rounds.filter(
      (r) => r.programId === programId && r.startsOn <= today && r.endsOn >= today,
    );
    expect(current).toHaveLength(1);
    const pairings = (
      await repos.pairings.queryAll(tenantId, {
        where: [{ field: 'roundId', op: 'eq', value: current[0]!.id }],
      })
    ).map((p) => p.doc);
    const booked = pairings.filter((p) => p.state === 'booked');
    // Booked through the queue: most pairs, not every one (the demo company has people Pairwise cannot book).
    expect(booked.length).toBeGreaterThan(pairings.length * 0.7);
  }
  const past = peerRounds.find((r) => r.endsOn < today)!;
  const pastPairings = (
    await repos.pairings.queryAll(tenantId, { where: [{ field: 'roundId', op: 'eq', value: past.id }] })
  ).map((p) => p.doc);
  expect(pastPairings.length).toBeGreaterThan(20);
  expect(pastPairings.every((p) => p.state === 'ended')).toBe(true);
  const feedback = (
    await repos.feedback.queryAll(tenantId, { where: [{ field: 'roundId', op: 'eq', value: past.id }] })
  ).map((f) => f.doc);
  expect(feedback.length).toBeGreaterThan(pastPairings.length);
  expect(feedback.some((f) => !f.met)).toBe(true);

  // Its sessions are over: booked on the calendars, answered by the people, read by the sweep.
  const booked = pastPairings.filter((p) => p.series !== null);
  expect(booked.length).toBeGreaterThan(pastPairings.length * 0.7);
  expect(booked.every((p) => p.series!.firstOccurrence! < past.endsOn)).toBe(true);
  // Sessions after a skip were still to come when the sweep last read that series: they are not sessions so far.
  const verdicts = booked.flatMap((p) =>
    p.sessions.filter((x) => !p.endRequested || x.start < p.endRequested.at).map((x) => x.verdict),
  );
  expect(verdicts.filter((v) => v === 'likely-held').length).toBeGreaterThan(booked.length);
  // Some answered maybe or never, and a few declined one session: not every session likely took place.
  expect(new Set(verdicts)).toEqual(new Set(['likely-held', 'uncertain', 'missed']));
  // A few people skipped the rest of the round, each with a reason; their series ended early.
  const skipped = pastPairings.filter((p) => p.skips.length > 0);
  expect(skipped).toHaveLength(7);
  expect(skipped.every((p) => p.endRequested?.reason === 'skipped' && p.series?.endedAt)).toBe(true);
});

it('gives the admin a dashboard with sessions held, skips by reason and weeks of participants', async () => {
  const admin = stack.tenant!.adminUserPrincipalName;
  const stats = await api<ProgramStats>(admin, `admin/programs/${demo.programs.peerLearning}/stats`);
  expect(stats.sessionsHeld.sessionsSoFar).toBeGreaterThan(stats.sessionsHeld.likelyHeld);
  expect(stats.sessionsHeld.likelyHeld).toBeGreaterThan(stats.sessionsHeld.pairings);
  expect(stats.sessionsHeld.pairingsWithOneHeld).toBeGreaterThan(stats.sessionsHeld.pairings * 0.7);
  expect(stats.skips.total).toBe(7);
  expect(stats.skips.byCategory).toEqual({ 'too-busy': 3, away: 2, 'not-a-fit': 1, other: 1 });
  expect(stats.funnel.met).toBeGreaterThan(0);
  expect(stats.ratingsGiven).toBeGreaterThanOrEqual(5);
  // People joined over the weeks before the past round and since: a line, not a point.
  expect(stats.participantsOverTime.length).toBeGreaterThan(10);
  expect(stats.participantsOverTime[0]!.enrolled).toBeLessThan(stats.participantsOverTime.at(-1)!.enrolled);
  // Some pairs used their workspace, not all: goals, a first agenda, check-ins after a session.
  const { workspaces } = stats;
  expect(workspaces.withGoals).toBeGreaterThan(workspaces.pairings * 0.15);
  expect(workspaces.withGoals).toBeLessThan(workspaces.pairings * 0.6);
  expect(workspaces.withEditedAgenda).toBeGreaterThan(0);
  expect(workspaces.withEditedAgenda).toBeLessThan(workspaces.withGoals);
  expect(workspaces.withCheckIns).toBeGreaterThan(0);
  expect(workspaces.checkIns).toBeGreaterThan(workspaces.withCheckIns);
});

it("shows the README's employee their peer, the reasons and the next session", async () => {
  const employee = readmePerson('an employee with a peer');
  expect(demo.personas.employee?.userPrincipalName).toBe(employee);
  const pairings = await api<PairingsResponse>(employee, 'pairings');
  const current = pairings.current.find((p) => p.programId === demo.programs.peerLearning)!;
  expect(current.state).toBe('booked');
  expect(current.peers).toHaveLength(1);
  expect(current.reasons.length).toBeGreaterThan(1);
  expect(Date.parse(current.nextSession!.start)).toBeGreaterThan(Date.now());
});

it("shows the README's new joiner a buddy, and the README's unmatched person is in the round's unmatched list", async () => {
  const joiner = readmePerson('a new joiner with a buddy');
  expect(demo.personas.newJoiner?.userPrincipalName).toBe(joiner);
  const pairings = await api<PairingsResponse>(joiner, 'pairings');
  const buddy = pairings.current.find((p) => p.programId === demo.programs.onboarding)!;
  expect(buddy.reasons.some((r) => r.kind === 'new-joiner-buddy')).toBe(true);

  const unmatched = readmePerson('someone unmatched');
  expect(demo.personas.unmatched?.userPrincipalName).toBe(unmatched);
  const me = await api<MeResponse>(unmatched, 'me');
  expect(me.enrollments.map((e) => e.programId)).toContain(demo.programs.peerLearning);
  expect(me.currentPairings.filter((p) => p.programId === demo.programs.peerLearning)).toEqual([]);
  const round = (
    await stack.services.deps.repos.rounds.queryAll(stack.tenant!.tenantId, {
      where: [
        { field: 'programId', op: 'eq', value: demo.programs.peerLearning },
        { field: 'status', op: 'eq', value: 'published' },
      ],
      orderBy: { field: 'createdAt', direction: 'desc' },
    })
  )[0]!.doc;
  // Nobody at a close enough level joined: the story the README tells about this person.
  expect(round.unmatched.find((u) => u.userId === me.profile.userId)).toMatchObject({
    reason: 'no-eligible-peer',
    detail: 'level-band',
  });

  expect(readmePerson('the admin')).toBe(stack.tenant!.adminUserPrincipalName);
  expect(demo.personas.admin.userPrincipalName).toBe(stack.tenant!.adminUserPrincipalName);
});

it('changes nothing when seeded a second time', async () => {
  const before = await snapshot();
  const again = await seedDemo({
    deps: stack.services.deps,
    tenantId: stack.tenant!.tenantId,
    users: stack.tenant!.users,
    adminUserPrincipalName: stack.tenant!.adminUserPrincipalName,
    queuesIdle: () => stack.host.queuesIdle(),
    calendarFor: stack.services.calendarFor,
    tabDeepLink: tabDeepLinkOf(stack.services.config),
    outlook: stack.tenant!.control,
  });
  expect(again.created).toBe(false);
  expect(again.personas).toEqual(demo.personas);
  expect(await snapshot()).toEqual(before);
});
