import {
  type MeResponse,
  type PairingView,
  type ProgramsResponse,
} from '../../../functions/src/contracts/employee';

/** Contract-shaped sample data for component tests (ids are GUIDs like Entra object ids). */
export const ME_ID = '11111111-1111-4111-8111-111111111111';
export const PEER_ID = '22222222-2222-4222-8222-222222222222';

export const pairing: PairingView = {
  id: 'pairing-1',
  programId: 'growth',
  programName: 'Growth peers',
  roundId: 'round-1',
  state: 'booked',
  peers: [
    {
      userId: PEER_ID,
      displayName: 'Ada Lovelace',
      jobTitle: 'Engineer',
      department: 'R&D',
      level: 'L3',
      timeZone: 'Europe/London',
    },
  ],
  circle: false,
  reasons: [
    { kind: 'same-level', data: { level: 'L3' } },
    { kind: 'different-department', data: { departments: ['Sales', 'R&D'] } },
  ],
  cadence: 'biweekly',
  nextSession: {
    start: '2030-03-05T14:30:00.000Z',
    end: '2030-03-05T15:00:00.000Z',
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
  },
  series: {
    organizerId: ME_ID,
    cadence: 'biweekly',
    firstOccurrence: '2030-03-05T14:30:00.000Z',
    until: '2030-05-28',
  },
  startsOn: '2030-03-02',
  endsOn: '2030-05-28',
  skipped: false,
  sessionsHeld: { likelyHeld: 0, sessionsSoFar: 0 },
  feedbackDue: null,
  myFeedback: null,
  createdAt: '2030-03-01T09:00:00.000Z',
};

export function meResponse(overrides: Partial<MeResponse> = {}): MeResponse {
  return {
    profile: {
      userId: ME_ID,
      displayName: 'Grace Hopper',
      jobTitle: 'Analyst',
      department: 'Sales',
      level: 'L3',
      timeZone: 'UTC',
    },
    isAdmin: false,
    enrollments: [],
    currentPairings: [],
    unmatched: [],
    notWithPeople: [],
    ...overrides,
  };
}

export const programs: ProgramsResponse = {
  programs: [
    {
      id: 'growth',
      name: 'Growth peers',
      kind: 'collaborative-learning',
      description: 'Learn together across teams.',
      defaultCadence: 'biweekly',
      sessionMinutes: 30,
      roundLengthWeeks: 12,
      groupSize: 2,
      nextRoundAt: '2030-03-02T09:00:00.000Z',
      myStatus: null,
    },
  ],
};

/** A program that meets in circles of about four (decision 0019). */
export const circlesProgram: ProgramsResponse['programs'][number] = {
  ...programs.programs[0]!,
  id: 'circles',
  name: 'Network circles',
  kind: 'network-building',
  description: 'Meet a few colleagues from across the company.',
  defaultCadence: 'monthly',
  groupSize: 4,
};

type Handler = (init: {
  method: string;
  body: unknown;
  query: URLSearchParams;
  headers: Record<string, string>;
}) => {
  status: number;
  body?: unknown;
};

/** A fetch that answers from a route table ("GET me" → handler); anything else is a 404 with the API's error body. */
export function fakeFetch(routes: Record<string, Handler>): typeof fetch & { calls: string[] } {
  const calls: string[] = [];
  const fn = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://localhost',
    );
    const method = init?.method ?? 'GET';
    const key = `${method} ${url.pathname.replace(/^\/api\//, '')}`;
    calls.push(key);
    const handler = routes[key];
    const answer = handler
      ? handler({
          method,
          body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
          query: url.searchParams,
          headers: (init?.headers ?? {}) as Record<string, string>,
        })
      : { status: 404, body: { error: { code: 'not_found', message: 'not found' } } };
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return Promise.resolve({
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      json: () => Promise.resolve(text ? JSON.parse(text) : null),
      blob: () => Promise.resolve(new Blob([text])),
    } as unknown as Response);
  };
  return Object.assign(fn, { calls });
}

export const CIRCLE_PEER_IDS = [
  '33333333-3333-4333-8333-333333333333',
  '44444444-4444-4444-8444-444444444444',
] as const;

/** My circle of four: me, Ada and two more; they all share a goal and are at one level. */
export const circle: PairingView = {
  ...pairing,
  id: 'circle-1',
  circle: true,
  peers: [
    ...pairing.peers,
    {
      userId: CIRCLE_PEER_IDS[0],
      displayName: 'Katherine Johnson',
      jobTitle: 'Analyst',
      department: 'Finance',
      level: 'L3',
      timeZone: 'America/New_York',
    },
    {
      userId: CIRCLE_PEER_IDS[1],
      displayName: 'Alan Turing',
      jobTitle: null,
      department: 'Legal',
      level: 'L3',
      timeZone: 'Europe/Berlin',
    },
  ],
  reasons: [
    { kind: 'same-level', data: { level: 'L3' } },
    { kind: 'different-department', data: { departments: ['Finance', 'Legal', 'R&D', 'Sales'] } },
    { kind: 'shared-goal', data: { goals: ['network-building'] } },
    { kind: 'teaches', data: { teacherId: CIRCLE_PEER_IDS[0], learnerId: ME_ID, topics: ['SQL'] } },
    { kind: 'overlap-hours', data: { hours: 3 } },
  ],
};
