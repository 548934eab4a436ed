import {
  type Program,
  ProgramInputSchema,
  type ProgramStats,
  type Round,
  RoundRowsQuerySchema,
} from '../../../functions/src/contracts/admin';
import { type ClientConfig } from '../../../functions/src/contracts/client-config';
import {
  type Enrollment,
  type EnrollmentRequest,
  type MeResponse,
  type PairingView,
  type ProgramSummary,
  SkipRequestSchema,
} from '../../../functions/src/contracts/employee';
import { roundRows } from '../../../functions/src/domain/rounds/round-rows';
import { type ApiHandler, type ApiRequest } from './tab-server';

export const ME = '11111111-1111-4111-8111-111111111111';
const PEER = '22222222-2222-4222-8222-222222222222';
const U3 = '33333333-3333-4333-8333-333333333333';
const U4 = '44444444-4444-4444-8444-444444444444';
const U5 = '55555555-5555-4555-8555-555555555555';
export const TOKEN = 'teams-sso-token';

const now = Date.now();
const iso = (offsetDays: number, hour = 14) => {
  const d = new Date(now + offsetDays * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

export const pairing: PairingView = {
  id: 'pairing-1',
  programId: 'growth',
  programName: 'Growth peers',
  roundId: 'round-1',
  state: 'booked',
  circle: false,
  peers: [
    {
      userId: PEER,
      displayName: 'Ada Lovelace',
      jobTitle: 'Senior Engineer',
      department: 'Research',
      level: 'L4',
      timeZone: 'Europe/London',
    },
  ],
  reasons: [
    { kind: 'same-level', data: { level: 'L4' } },
    { kind: 'different-department', data: { departments: ['Sales', 'Research'] } },
    { kind: 'teaches', data: { teacherId: PEER, learnerId: ME, topics: ['SQL'] } },
    { kind: 'overlap-hours', data: { hours: 6 } },
  ],
  cadence: 'biweekly',
  nextSession: {
    start: iso(3),
    end: new Date(Date.parse(iso(3)) + 30 * 60_000).toISOString(),
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting',
  },
  series: { organizerId: ME, cadence: 'biweekly', firstOccurrence: iso(3), until: iso(80).slice(0, 10) },
  startsOn: iso(1).slice(0, 10),
  endsOn: iso(80).slice(0, 10),
  skipped: false,
  sessionsHeld: { likelyHeld: 0, sessionsSoFar: 0 },
  feedbackDue: null,
  myFeedback: null,
  createdAt: iso(0),
};

const programSummary: ProgramSummary = {
  id: 'growth',
  name: 'Growth peers',
  kind: 'collaborative-learning',
  description: 'Learn from a colleague in another department, every two weeks.',
  defaultCadence: 'biweekly',
  sessionMinutes: 30,
  roundLengthWeeks: 12,
  groupSize: 2,
  nextRoundAt: iso(5, 9),
  myStatus: null,
};

export const program: Program = {
  id: 'growth',
  name: 'Growth peers',
  kind: 'collaborative-learning',
  description: programSummary.description,
  roundLengthWeeks: 12,
  defaultCadence: 'biweekly',
  sessionMinutes: 30,
  schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
  eligibility: { departments: [], levels: [], hireDateFrom: null, hireDateTo: null },
  rules: {
    levelBand: 1,
    cooldownRounds: 4,
    minOverlapHours: 2,
    oddPolicy: 'triad',
    crossDepartment: 'prefer',
    groupSize: 2,
  },
  weights: {
    sharedGoal: 30,
    complementaryTopics: 25,
    differentDepartment: 20,
    sharedLanguage: 10,
    newJoinerTenured: 20,
    fairness: 15,
    timeZoneOverlap: 10,
  },
  bookingPolicy: {
    organizer: 'less-senior',
    allowNewTimeProposals: true,
    subjectTemplate: '{programName}: peer mentoring',
    bodyTemplate: '',
  },
  levelMapping: null,
  status: 'active',
  createdAt: iso(-30),
  updatedAt: iso(-30),
  etag: '"1"',
  nextRoundAt: iso(5, 9),
  currentRoundEndsOn: null,
};

function draftRound(): Round {
  return {
    id: 'draft-1',
    programId: 'growth',
    roundKey: 'manual-1',
    number: null,
    status: 'draft',
    trigger: 'admin',
    createdAt: iso(0),
    publishedAt: null,
    startsOn: iso(1).slice(0, 10),
    endsOn: iso(80).slice(0, 10),
    failureReason: null,
    algorithmVersion: 'blossom-1',
    stats: { candidates: 5, pairings: 1, triads: 0, unmatched: 3, totalScore: 80, durationMs: 4 },
    etag: '"d1"',
    pairings: [
      {
        id: 'p-a',
        members: [
          { userId: ME, displayName: 'Megan Bowen', department: 'Sales', level: 'L4' },
          { userId: PEER, displayName: 'Ada Lovelace', department: 'Research', level: 'L4' },
        ],
        score: 80,
        reasons: pairing.reasons,
        state: 'proposed',
        nextSession: null,
        attentionReason: null,
        attention: null,
        overridden: false,
        circle: false,
      },
    ],
    unmatched: [
      { userId: U3, displayName: 'Grace Hopper', reason: 'no-eligible-peer', detail: 'overlap' },
      { userId: U4, displayName: 'Alan Turing', reason: 'no-eligible-peer', detail: 'level-band' },
      { userId: U5, displayName: 'Katherine Johnson', reason: 'carried-over', detail: null },
    ],
  };
}

const DEPARTMENTS = [
  'Customer Success',
  'Data',
  'Design',
  'Engineering',
  'Executive',
  'Finance',
  'Legal',
  'Marketing',
  'Operations',
  'People',
  'Product',
  'Sales',
];

export const stats: ProgramStats = {
  programId: 'growth',
  generatedAt: iso(0),
  participantsOverTime: [0, 1, 2, 3, 4, 5].map((w) => ({
    date: iso(-35 + w * 7).slice(0, 10),
    enrolled: 10 + w * 6,
    active: 8 + w * 5,
  })),
  // A late stage much smaller than the first: the shape the old funnel drew as an unlabelled sliver.
  funnel: { participants: 40, placed: 36, booked: 34, met: 3 },
  ratingsGiven: 25,
  averageRating: 4.3,
  ratingCounts: [0, 1, 3, 9, 12],
  // Every department of the demo company, with its long names: what must fit at 1280 and 360 px.
  departmentMatrix: {
    departments: DEPARTMENTS,
    counts: DEPARTMENTS.map((_a, i) => DEPARTMENTS.map((_b, j) => ((i + 1) * (j + 1) * 7) % 13)),
  },
  unmatchedReasons: [{ reason: 'no-eligible-peer', count: 4 }],
  rounds: 3,
  needsAttention: 1,
  sessionsHeld: { likelyHeld: 42, sessionsSoFar: 57, pairings: 24, pairingsWithOneHeld: 18, reportedMet: 39 },
  skips: { total: 7, byCategory: { 'too-busy': 3, away: 2, 'not-a-fit': 1, other: 1 } },
  workspaces: { pairings: 20, withGoals: 13, withEditedAgenda: 7, withCheckIns: 9, checkIns: 31 },
};

export interface FakeApiState {
  me: MeResponse;
  enrollBodies: EnrollmentRequest[];
  round: Round | null;
  overrides: unknown[];
  /** Bodies of `PUT admin/programs/growth` the API accepted (checked with the contract, like the real one). */
  programUpdates: unknown[];
  /** Bodies of `POST pairings/pairing-1/skip` the API accepted (checked with the contract). */
  skips: unknown[];
  failMe: boolean;
  /** Delay for GET me (ms), to observe the loading state. */
  meDelayMs: number;
}

const clientConfig: ClientConfig = {
  apiClientId: '6e3f1f43-1a8b-4c4d-9a86-2c1b3b2f9a10',
  apiScope: 'api://6e3f1f43-1a8b-4c4d-9a86-2c1b3b2f9a10/access_as_user',
  localSignIn: null,
  teamsAppId: null,
};

/** An in-memory API that answers like the real one (shapes from the contracts) for shell and UI tests. */
export function createFakeApi(initial: Partial<FakeApiState> = {}): {
  state: FakeApiState;
  handler: ApiHandler;
} {
  const state: FakeApiState = {
    me: {
      profile: {
        userId: ME,
        displayName: 'Megan Bowen',
        jobTitle: 'Account Manager',
        department: 'Sales',
        level: 'L4',
        timeZone: 'Europe/Berlin',
      },
      isAdmin: true,
      enrollments: [],
      currentPairings: [pairing],
      unmatched: [],
      notWithPeople: [],
    },
    enrollBodies: [],
    round: null,
    overrides: [],
    programUpdates: [],
    skips: [],
    failMe: false,
    meDelayMs: 0,
    ...initial,
  };
  const handler: ApiHandler = (req: ApiRequest) => {
    if (req.path === 'client-config') return { status: 200, body: clientConfig };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return { status: 401, body: { error: { code: 'unauthorized', message: 'missing token' } } };
    }
    const key = `${req.method} ${req.path}`;
    switch (key) {
      case 'GET me':
        if (state.failMe)
          return { status: 503, body: { error: { code: 'unavailable', message: 'cosmos is down' } } };
        return { status: 200, body: state.me, delayMs: state.meDelayMs };
      case 'GET programs': {
        const enrolled = state.me.enrollments.find((e) => e.programId === 'growth');
        return {
          status: 200,
          body: { programs: [{ ...programSummary, myStatus: enrolled?.status ?? null }] },
        };
      }
      case 'PUT programs/growth/enrollment': {
        const body = req.body as EnrollmentRequest;
        state.enrollBodies.push(body);
        const enrollment: Enrollment = {
          programId: 'growth',
          programName: 'Growth peers',
          status: 'active',
          pausedUntil: null,
          preferences: body,
          enrolledAt: iso(0),
          updatedAt: iso(0),
          etag: '"e1"',
        };
        state.me = { ...state.me, enrollments: [enrollment] };
        return { status: 201, body: enrollment };
      }
      case 'GET pairings':
        return {
          status: 200,
          body: {
            current: state.me.currentPairings,
            past: [
              {
                ...pairing,
                id: 'old-1',
                state: 'ended',
                peers: [{ ...pairing.peers[0]!, displayName: 'Alan Turing' }],
                sessionsHeld: { likelyHeld: 5, sessionsSoFar: 6 },
              },
            ],
          },
        };
      case 'POST pairings/pairing-1/skip': {
        const parsed = SkipRequestSchema.safeParse(req.body);
        if (!parsed.success)
          return {
            status: 400,
            body: { error: { code: 'invalid', message: 'The request body is not valid.' } },
          };
        state.skips.push(parsed.data);
        state.me = { ...state.me, currentPairings: [] };
        return { status: 200, body: { ...pairing, skipped: true } };
      }
      case 'POST pairings/pairing-1/feedback':
        return { status: 200, body: { pairingId: 'pairing-1', met: true, rating: 5, submittedAt: iso(0) } };
      case 'GET admin/programs':
        return { status: 200, body: { programs: [program] } };
      case 'GET admin/programs/growth/rounds':
        return { status: 200, body: { rounds: state.round ? [state.round] : [] } };
      case 'POST admin/programs/growth/rounds/preview':
        // As the real API: accepted while the round worker plans it; the next read finds the draft.
        state.round = draftRound();
        return { status: 202, body: { ...state.round, status: 'planning', pairings: [], unmatched: [] } };
      case 'POST admin/programs/growth/rounds/draft-1/overrides': {
        state.overrides.push(req.body);
        const body = req.body as { action: string; userIds?: [string, string] };
        if (state.round && body.action === 'pair' && body.userIds) {
          const [a, b] = body.userIds;
          const members = state.round.unmatched.filter((u) => u.userId === a || u.userId === b);
          state.round = {
            ...state.round,
            pairings: [
              ...state.round.pairings,
              {
                id: 'p-b',
                members: members.map((m) => ({
                  userId: m.userId,
                  displayName: m.displayName,
                  department: null,
                  level: null,
                })),
                score: 0,
                reasons: [{ kind: 'admin-override', data: {} }],
                state: 'proposed',
                nextSession: null,
                attentionReason: null,
                attention: null,
                overridden: true,
                circle: false,
              },
            ],
            unmatched: state.round.unmatched.filter((u) => u.userId !== a && u.userId !== b),
          };
        }
        return { status: 200, body: state.round };
      }
      case 'POST admin/programs/growth/rounds':
        if (!state.round)
          return { status: 404, body: { error: { code: 'not_found', message: 'No round.' } } };
        state.round = { ...state.round, status: 'published', publishedAt: iso(0) };
        return { status: 202, body: { ...state.round, status: 'running', publishedAt: null } };
      case 'PUT admin/programs/growth': {
        const parsed = ProgramInputSchema.safeParse(req.body);
        if (!parsed.success || req.headers['if-match'] !== program.etag)
          return {
            status: 400,
            body: { error: { code: 'invalid', message: 'The request body is not valid.' } },
          };
        state.programUpdates.push(req.body);
        return { status: 200, body: { ...program, ...parsed.data, etag: '"2"' } };
      }
      case 'GET admin/programs/growth/stats':
        return { status: 200, body: stats };
      case 'GET admin/programs/growth/participants':
        return {
          status: 200,
          body: {
            items: [
              {
                userId: ME,
                displayName: 'Megan Bowen',
                jobTitle: 'Account Manager',
                department: 'Sales',
                level: 'L4',
                timeZone: 'Europe/Berlin',
                hireDate: '2020-01-06',
                status: 'active',
                pausedUntil: null,
                goals: ['collaborative-learning'],
                cadence: 'biweekly',
                enrolledAt: iso(-20),
                directorySyncedAt: iso(-1),
              },
              {
                userId: PEER,
                displayName: 'Ada Lovelace',
                jobTitle: 'Senior Engineer',
                department: 'Research',
                level: 'L4',
                timeZone: 'Europe/London',
                hireDate: '2019-03-01',
                status: 'active',
                pausedUntil: null,
                goals: ['network-building'],
                cadence: 'biweekly',
                enrolledAt: iso(-19),
                directorySyncedAt: iso(-1),
              },
            ],
            continuationToken: null,
          },
        };
      case 'GET admin/audit':
        return {
          status: 200,
          body: {
            items: [
              {
                id: 'a1',
                at: iso(0),
                actorId: ME,
                action: 'round.preview',
                programId: 'growth',
                target: 'draft-1',
                reason: null,
                details: {},
              },
            ],
            continuationToken: null,
          },
        };
      default: {
        // The Rounds view reads a page at a time, answered by the API's own paging (domain/rounds/round-rows.ts).
        const rows = /^admin\/programs\/growth\/rounds\/([^/]+)\/rows$/.exec(req.path);
        if (rows && state.round && state.round.id === rows[1]) {
          const query = RoundRowsQuerySchema.safeParse(Object.fromEntries(req.query.entries()));
          if (!query.success)
            return { status: 400, body: { error: { code: 'invalid_request', message: 'Bad query.' } } };
          return { status: 200, body: roundRows(state.round, query.data) };
        }
        if (req.path.startsWith('admin/programs/growth/rounds/')) return { status: 200, body: state.round };
        return { status: 404, body: { error: { code: 'not_found', message: 'not found' } } };
      }
    }
  };
  return { state, handler };
}
