import fc from 'fast-check';
import { type z } from 'zod';

import {
  AuditQuerySchema,
  EnrollmentRequestSchema,
  FeedbackRequestSchema,
  OverrideRequestSchema,
  type PairingsResponse,
  ParticipantsQuerySchema,
  PauseRequestSchema,
  PeopleSearchQuerySchema,
  PreviewRoundRequestSchema,
  ProgramInputSchema,
  type Round,
  RunRoundRequestSchema,
  SkipRequestSchema,
} from '../contracts';
import {
  AgendaRequestSchema,
  CheckInsRequestSchema,
  GoalCreateRequestSchema,
  GoalUpdateRequestSchema,
  NotesRequestSchema,
} from '../contracts/workspace';
import { type DirectoryPerson } from '../domain/deps';
import {
  type CallOptions,
  createKit,
  createProgram,
  enrollAll,
  type Kit,
  person,
  principal,
  sampleEnrollment,
  sampleProgram,
  tenantA,
  tenantB,
  users,
} from '../testing/api-test-kit';
import { peerChatFunctions } from './peer-chat-api';
import { peerPhotoFunctions } from './peer-photo-api';
import { rescheduleFunctions } from './reschedule-api';

/**
 * Malformed input never reaches the data and never causes a 5xx: for every route that takes input, at least 1,000
 * generated malformed bodies / params / queries answer 4xx, and every stored document is byte-for-byte unchanged.
 */
const runs = 1000;
// 1,000 handler calls per test: generous under a loaded CI machine.
jest.setTimeout(60_000);

interface Context {
  kit: Kit;
  programId: string;
  roundId: string;
  pairingId: string;
}

function onTheWire(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/** Anything JSON can carry that the schema refuses (so a valid input can never sneak in by chance). */
function malformedFor(schema: z.ZodType, near: Record<string, unknown>): fc.Arbitrary<unknown> {
  const mutated = fc
    .tuple(fc.constantFrom(...Object.keys(near)), fc.anything({ maxDepth: 2 }))
    .map(([key, value]) => ({ ...near, [key]: value }));
  const extraKey = fc.string({ minLength: 1, maxLength: 10 }).map((key) => ({ ...near, [`x${key}`]: 1 }));
  // Judged as it arrives on the wire: JSON drops `undefined` members, which can turn junk into a valid body.
  return fc
    .oneof(fc.anything({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), mutated, extraKey)
    .map(onTheWire)
    .filter((value) => value !== undefined && !schema.safeParse(value).success);
}

/** Route ids: wrong shape, path tricks, or well-shaped but unknown. */
const badId = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc.constantFrom('', '..', '../admin', 'a/b', 'a\\b', '%2F', 'x'.repeat(81), ' ', 'null', 'undefined'),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/).map((id) => `zz${id}`),
);

const rawJunk = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '[', '{"a":', 'nul', '\u0000', '{}}', '"unterminated'),
);

let ctx: Context;
let snapshot: string;

beforeAll(async () => {
  const kit = createKit();
  const programId = await createProgram(kit);
  await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
  const round = (
    await kit.callRound('admin-rounds-run', { as: principal(users.admin, true), params: { programId } })
  ).body as Round;
  const pairingId = ((await kit.call('pairings-list')).body as PairingsResponse).current[0]!.id;
  ctx = { kit, programId, roundId: round.id, pairingId };
  snapshot = kit.snapshot();
});

afterEach(() => {
  expect(ctx.kit.snapshot()).toBe(snapshot);
});

async function expect4xx(name: string, options: CallOptions): Promise<void> {
  const response = await ctx.kit.call(name, options);
  const status = response.status ?? 200;
  if (status < 400 || status >= 500) {
    throw new Error(`${name} answered ${status} for ${JSON.stringify(options).slice(0, 300)}`);
  }
  const body = response.body as { error?: { code?: string } };
  if (!body.error?.code) throw new Error(`${name} answered ${status} without an error body`);
}

const admin = () => principal(users.admin, true);
const ann = () => principal(users.ann);

const bodyRoutes: [
  string,
  z.ZodType,
  Record<string, unknown>,
  () => ReturnType<typeof principal>,
  () => Record<string, string>,
][] = [
  ['enrollment-put', EnrollmentRequestSchema, sampleEnrollment, ann, () => ({ programId: ctx.programId })],
  [
    'enrollment-pause',
    PauseRequestSchema,
    { until: '2026-07-01' },
    ann,
    () => ({ programId: ctx.programId }),
  ],
  [
    'pairing-feedback',
    FeedbackRequestSchema,
    { met: true, rating: 4, comment: '' },
    ann,
    () => ({ pairingId: ctx.pairingId }),
  ],
  [
    'pairing-skip',
    SkipRequestSchema,
    { category: 'too-busy', note: 'Quarter close' },
    ann,
    () => ({ pairingId: ctx.pairingId }),
  ],
  [
    'workspace-agenda-put',
    AgendaRequestSchema,
    { items: ['Coffee', 'Tools'] },
    ann,
    () => ({ pairingId: ctx.pairingId, session: '1' }),
  ],
  [
    'workspace-check-ins-put',
    CheckInsRequestSchema,
    { checkIns: [{ goalId: 'goal-1', status: 'done', note: '' }] },
    ann,
    () => ({ pairingId: ctx.pairingId, session: '1' }),
  ],
  [
    'workspace-goals-create',
    GoalCreateRequestSchema,
    { title: 'Ship the guide' },
    ann,
    () => ({ pairingId: ctx.pairingId }),
  ],
  [
    'workspace-goal-put',
    GoalUpdateRequestSchema,
    { title: 'Ship the guide' },
    ann,
    () => ({ pairingId: ctx.pairingId, goalId: 'goal-1' }),
  ],
  ['workspace-notes-put', NotesRequestSchema, { text: 'Private' }, ann, () => ({ pairingId: ctx.pairingId })],
  ['admin-programs-create', ProgramInputSchema, sampleProgram, admin, () => ({})],
  ['admin-program-update', ProgramInputSchema, sampleProgram, admin, () => ({ programId: ctx.programId })],
  [
    'admin-rounds-preview',
    PreviewRoundRequestSchema.optional(),
    { seed: 1 },
    admin,
    () => ({ programId: ctx.programId }),
  ],
  [
    'admin-rounds-run',
    RunRoundRequestSchema.optional(),
    { draftRoundId: 'd-1' },
    admin,
    () => ({ programId: ctx.programId }),
  ],
  [
    'admin-round-override',
    OverrideRequestSchema,
    { action: 'unpair', pairingId: 'x', reason: 'r' },
    admin,
    () => ({ programId: ctx.programId, roundId: ctx.roundId }),
  ],
];

describe.each(bodyRoutes)('fuzz %s body', (name, schema, near, as, params) => {
  it(`answers 4xx to ${runs} malformed bodies and changes nothing`, async () => {
    await fc.assert(
      fc.asyncProperty(malformedFor(schema, near), async (body) => {
        await expect4xx(name, { as: as(), params: params(), body, headers: { 'if-match': '"stale"' } });
      }),
      { numRuns: runs },
    );
  });

  it(`answers 4xx to ${runs / 4} raw non-JSON bodies`, async () => {
    await fc.assert(
      fc.asyncProperty(rawJunk, async (rawBody) => {
        fc.pre(rawBody.trim() !== '' || !schema.safeParse(undefined).success);
        let isJson = true;
        try {
          JSON.parse(rawBody);
        } catch {
          isJson = false;
        }
        fc.pre(!isJson || !schema.safeParse(JSON.parse(rawBody)).success);
        await expect4xx(name, { as: as(), params: params(), rawBody, headers: { 'if-match': '"stale"' } });
      }),
      { numRuns: runs / 4 },
    );
  });
});

const paramRoutes: [
  string,
  string[],
  () => ReturnType<typeof principal>,
  Record<string, unknown> | undefined,
][] = [
  ['enrollment-put', ['programId'], ann, sampleEnrollment],
  ['enrollment-delete', ['programId'], ann, undefined],
  ['enrollment-pause', ['programId'], ann, { until: '2026-07-01' }],
  ['pairing-feedback', ['pairingId'], ann, { met: true, rating: 4 }],
  ['pairing-skip', ['pairingId'], ann, { category: 'away' }],
  ['workspace-get', ['pairingId'], ann, undefined],
  ['workspace-agenda-put', ['pairingId', 'session'], ann, { items: ['Coffee'] }],
  ['workspace-agenda-delete', ['pairingId', 'session'], ann, undefined],
  [
    'workspace-check-ins-put',
    ['pairingId', 'session'],
    ann,
    { checkIns: [{ goalId: 'goal-1', status: 'done' }] },
  ],
  ['workspace-goals-create', ['pairingId'], ann, { title: 'Ship the guide' }],
  ['workspace-goal-put', ['pairingId', 'goalId'], ann, { title: 'Ship the guide' }],
  ['workspace-goal-delete', ['pairingId', 'goalId'], ann, undefined],
  ['workspace-notes-put', ['pairingId'], ann, { text: 'Private' }],
  ['admin-program-get', ['programId'], admin, undefined],
  ['admin-program-update', ['programId'], admin, sampleProgram],
  ['admin-program-delete', ['programId'], admin, undefined],
  ['admin-participants-list', ['programId'], admin, undefined],
  ['admin-rounds-list', ['programId'], admin, undefined],
  ['admin-rounds-run', ['programId'], admin, undefined],
  ['admin-rounds-preview', ['programId'], admin, undefined],
  ['admin-round-get', ['programId', 'roundId'], admin, undefined],
  [
    'admin-round-override',
    ['programId', 'roundId'],
    admin,
    { action: 'unpair', pairingId: 'x', reason: 'r' },
  ],
  ['admin-pairing-retry', ['programId', 'pairingId'], admin, undefined],
  ['admin-program-stats', ['programId'], admin, undefined],
  ['admin-program-export', ['programId'], admin, undefined],
];

describe.each(paramRoutes)('fuzz %s params', (name, keys, as, body) => {
  it(`answers 4xx to ${runs} bad or unknown route ids and changes nothing`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(badId, { minLength: keys.length, maxLength: keys.length }),
        async (values) => {
          const params = Object.fromEntries(keys.map((key, i) => [key, values[i] ?? '']));
          await expect4xx(name, {
            as: as(),
            params,
            ...(body ? { body } : {}),
            headers: { 'if-match': '"stale"' },
          });
        },
      ),
      { numRuns: runs },
    );
  });
});

const queryRoutes: [string, z.ZodType, () => Record<string, string>][] = [
  ['admin-participants-list', ParticipantsQuerySchema, () => ({ programId: ctx.programId })],
  ['admin-audit-list', AuditQuerySchema, () => ({})],
  ['people-search', PeopleSearchQuerySchema, () => ({})],
];

describe.each(queryRoutes)('fuzz %s query', (name, schema, params) => {
  it(`answers 4xx to ${runs} malformed queries`, async () => {
    const key = fc.constantFrom(
      'pageSize',
      'continuationToken',
      'status',
      'department',
      'level',
      'search',
      'programId',
      'x',
      '',
    );
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('0', '-1', '101', '1.5', 'NaN', '', 'x'.repeat(5000)),
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), async (query) => {
        // A query the schema accepts with a real (signed) continuation token is not malformed: skip those.
        const parsed = schema.safeParse(query) as { success: boolean; data?: { continuationToken?: string } };
        fc.pre(!parsed.success || parsed.data?.continuationToken !== undefined);
        await expect4xx(name, { as: admin(), params: params(), query });
      }),
      { numRuns: runs },
    );
  });
});

/**
 * Valid-but-hostile input: what a schema lets through and an attacker (or an unlucky admin) would still send —
 * another tenant's and other people's real ids on every route, catastrophic patterns, arrays at their maximum size,
 * bidi and zero-width text. Never a 5xx, never a leak, never a change to what the caller may not touch.
 */
describe('valid-but-hostile input', () => {
  const guid = (n: number) => `b0000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
  const bidi = '\u202Eevil\u202C \u2066x\u2069 \u200Bzero\u200Dwidth\uFEFF';

  async function hostileKit(people?: DirectoryPerson[]) {
    const graphCalls: string[] = [];
    const kit = createKit({
      ...(people ? { people } : {}),
      extraFunctions: (services) => [
        ...rescheduleFunctions(() => ({
          ...services(),
          reschedule: {
            ...services().deps,
            calendarFor: (tenantId) => ({
              mailboxes: {
                lookup: (ids) => {
                  graphCalls.push(`${tenantId}/lookup`);
                  return Promise.resolve({
                    found: new Map(ids.map((id) => [id, { mail: `${id}@contoso.example`, displayName: id }])),
                    missing: new Set<string>(),
                    unknown: new Set<string>(),
                  });
                },
              },
              freeBusy: {
                readAvailability: ({ mailboxes, window }) => {
                  graphCalls.push(`${tenantId}/getSchedule`);
                  return Promise.resolve(
                    new Map(mailboxes.map((m) => [m, { mailbox: m, window, intervals: [] }])),
                  );
                },
              },
            }),
          },
        })),
        ...peerChatFunctions(() => ({
          ...services(),
          signInNames: {
            signInNameOf: (tenantId, userId) => {
              graphCalls.push(`${tenantId}/upn/${userId}`);
              return Promise.resolve(`${userId}@contoso.example`);
            },
          },
        })),
        ...peerPhotoFunctions(() => ({
          ...services(),
          photos: {
            read: (tenantId, userId) => {
              graphCalls.push(`${tenantId}/photo/${userId}`);
              return Promise.resolve({ bytes: new Uint8Array([1]), contentType: 'image/jpeg', etag: '"1"' });
            },
          },
        })),
      ],
    });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
    const round = (
      await kit.callRound('admin-rounds-run', { as: principal(users.admin, true), params: { programId } })
    ).body as Round;
    const annPairing = round.pairings.find((p) => p.members.some((m) => m.userId === users.ann))!;
    // A workspace with a goal and private notes: something a stranger must neither read nor change.
    const workspace = await kit.call('workspace-goals-create', {
      as: principal(users.ann),
      params: { pairingId: annPairing.id },
      body: { title: 'Ann and Bob’s goal' },
      headers: { 'if-match': '"new"' },
    });
    await kit.call('workspace-notes-put', {
      as: principal(users.ann),
      params: { pairingId: annPairing.id },
      body: { text: 'Ann’s private notes' },
    });
    const { etag: workspaceEtag, goals } = workspace.body as { etag: string; goals: Array<{ id: string }> };
    return {
      kit,
      programId,
      roundId: round.id,
      pairingId: annPairing.id,
      goalId: goals[0]!.id,
      workspaceEtag,
      graphCalls,
    };
  }

  /** Every document of tenant A, for "nothing of theirs changed". */
  async function tenantADocuments(kit: Kit): Promise<string> {
    const parts = await Promise.all(
      Object.entries(kit.repos).map(async ([name, store]) => {
        const docs = await (store as Kit['repos']['programs']).queryAll(tenantA, {});
        return `${name}:${JSON.stringify(docs.map((d) => d.doc))}`;
      }),
    );
    return parts.join('\n');
  }

  const bodyFor = (name: string, ids: { pairingId: string }): unknown => {
    if (name.startsWith('admin-program')) return sampleProgram;
    if (name === 'admin-round-override')
      return { action: 'unpair', pairingId: ids.pairingId, reason: 'hostile' };
    if (name === 'pairing-reschedule') return { slotId: 'w1.monday.540.2026-06-08' };
    if (name === 'pairing-feedback') return { met: true, rating: 5, comment: '' };
    if (name === 'enrollment-pause') return { until: '2026-07-01' };
    if (name === 'pairing-skip') return { category: 'other', note: '' };
    if (name === 'workspace-agenda-put') return { items: ['Hostile'] };
    if (name === 'workspace-check-ins-put') return { checkIns: [{ goalId: 'goal-000001', status: 'done' }] };
    if (name === 'workspace-goals-create' || name === 'workspace-goal-put') return { title: 'Hostile' };
    if (name === 'workspace-notes-put') return { text: 'Hostile' };
    return sampleEnrollment;
  };

  it('a second tenant (its admin, and a user with the same object id as Ann) reaches nothing of tenant A on any route', async () => {
    const h = await hostileKit();
    const before = await tenantADocuments(h.kit);
    const bookings = h.kit.bookings.length;
    const routes = h.kit.functions.map((f) => f.name);
    for (const route of [
      'pairing-slots',
      'pairing-reschedule',
      'peer-photo',
      'peer-chat',
      'me-export',
      'me-delete',
    ])
      expect(routes).toContain(route);
    expect(routes.some((r) => r.startsWith('admin-audit'))).toBe(true);
    const secrets = [h.programId, h.roundId, h.pairingId, 'Ann and Bob’s goal', 'Ann’s private notes'];
    const ids = {
      programId: h.programId,
      roundId: h.roundId,
      pairingId: h.pairingId,
      personId: users.bob,
      session: '1',
      goalId: h.goalId,
    };
    for (const as of [principal(users.admin, true, tenantB), principal(users.ann, false, tenantB)]) {
      for (const fn of h.kit.functions) {
        const response = await h.kit.call(fn.name, {
          as,
          params: ids,
          body: bodyFor(fn.name, h),
          headers: { 'if-match': h.workspaceEtag },
        });
        expect([fn.name, as.isAdmin, response.status < 500]).toEqual([fn.name, as.isAdmin, true]);
        const text = JSON.stringify(response.body) ?? '';
        for (const secret of secrets) expect([fn.name, text.includes(secret)]).toEqual([fn.name, false]);
      }
    }
    expect(await tenantADocuments(h.kit)).toBe(before);
    expect(h.kit.bookings).toHaveLength(bookings);
    expect(h.graphCalls.filter((c) => c.startsWith(tenantA))).toEqual([]);
  });

  it('another person of the same tenant cannot use Ann’s pairing, its workspace, or her peer’s photo or chat', async () => {
    const h = await hostileKit();
    const before = await tenantADocuments(h.kit);
    const stranger = principal(users.cid); // enrolled, paired with someone else
    for (const name of [
      'pairing-slots',
      'pairing-reschedule',
      'pairing-feedback',
      'pairing-skip',
      'peer-photo',
      'peer-chat',
      ...h.kit.functions.map((f) => f.name).filter((n) => n.startsWith('workspace-')),
    ]) {
      const response = await h.kit.call(name, {
        as: stranger,
        params: { pairingId: h.pairingId, personId: users.bob, session: '1', goalId: h.goalId },
        body: bodyFor(name, h),
        headers: { 'if-match': h.workspaceEtag },
      });
      expect([name, response.status]).toEqual([name, 404]);
      expect(JSON.stringify(response.body)).not.toMatch(/Ann and Bob’s goal|private notes/);
    }
    expect(await tenantADocuments(h.kit)).toBe(before);
    expect(h.graphCalls).toEqual([]);
  });

  it('catastrophic level patterns on 200-character titles: programs list, enrollment and a round still answer', async () => {
    const longTitle = 'Principal Software Engineering Manager '.repeat(6).slice(0, 199) + '!';
    const people = Object.values(users).map((id, i) => {
      const p = person(id, i);
      return { ...p, jobTitle: longTitle, levelSource: { ...p.levelSource, jobTitle: longTitle } };
    });
    const h = await hostileKit(people);
    const admin = principal(users.admin, true);
    const patterns = ['^(\\w+\\s?)+$', '(a+)+$', '(a|aa)+$', '(.*a){20}', '^(([a-z])+.)+[A-Z]([a-z])+$'];
    const started = Date.now();
    const current = await h.kit.call('admin-program-get', { as: admin, params: { programId: h.programId } });
    const updated = await h.kit.call('admin-program-update', {
      as: admin,
      params: { programId: h.programId },
      headers: { 'if-match': (current.body as { etag: string }).etag },
      body: {
        ...sampleProgram,
        levelMapping: {
          source: 'jobTitle',
          levels: patterns.map((pattern, i) => ({ label: `P${i}`, rank: i, pattern })),
        },
      },
    });
    expect([updated.status, updated.body]).toEqual([200, expect.anything()]);
    expect((await h.kit.call('programs-list', { as: principal(users.eve) })).status).toBe(200);
    const enrolled = await h.kit.call('enrollment-put', {
      as: principal(users.eve),
      params: { programId: h.programId },
      body: sampleEnrollment,
    });
    expect(enrolled.status).toBe(201);
    expect(
      (await h.kit.callRound('admin-rounds-preview', { as: admin, params: { programId: h.programId } }))
        .status,
    ).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('arrays at their maximum size are accepted, one more is a 400 naming the field', async () => {
    const h = await hostileKit();
    const max = {
      ...sampleEnrollment,
      goals: [
        'network-building',
        'collaborative-learning',
        'onboarding-buddy',
        'remote-connection',
        'project-accountability',
      ],
      topicsToLearn: Array.from({ length: 20 }, (_, i) => `${bidi} topic ${i}`.slice(0, 60)),
      topicsToShare: Array.from({ length: 20 }, (_, i) => `${'x'.repeat(50)}${i}`),
      preferredDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
      preferredTimesOfDay: ['morning', 'midday', 'afternoon'],
      notWith: Array.from({ length: 50 }, (_, i) => guid(i + 1)),
    };
    const ok = await h.kit.call('enrollment-put', {
      as: principal(users.eve),
      params: { programId: h.programId },
      body: max,
    });
    expect(ok.status).toBe(201);
    const tooMany = await h.kit.call('enrollment-put', {
      as: principal(users.eve),
      params: { programId: h.programId },
      body: { ...max, notWith: [...max.notWith, guid(51)] },
    });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('body.notWith');
    const program = await h.kit.call('admin-programs-create', {
      as: principal(users.admin, true),
      body: {
        ...sampleProgram,
        name: `${bidi} program`,
        levelMapping: {
          source: 'jobTitle',
          levels: Array.from({ length: 50 }, (_, i) => ({
            label: `L${i} ${bidi}`.slice(0, 100),
            rank: i,
            pattern: `(${'a|'.repeat(90)}b)+${i}$`.slice(0, 200),
          })),
        },
      },
    });
    expect(program.status).toBe(201);
  });

  it('bidi and zero-width text is stored and returned as sent, never a 5xx', async () => {
    const h = await hostileKit();
    const admin = principal(users.admin, true);
    const created = await h.kit.call('admin-programs-create', {
      as: admin,
      body: { ...sampleProgram, name: `${bidi}`.slice(0, 100), description: bidi.repeat(20) },
    });
    expect(created.status).toBe(201);
    expect((created.body as { name: string }).name).toBe(bidi.trim());
    const override = await h.kit.call('admin-round-override', {
      as: admin,
      params: { programId: h.programId, roundId: h.roundId },
      body: { action: 'unpair', pairingId: h.pairingId, reason: bidi },
    });
    expect(override.status).toBe(200);
    const audit = await h.kit.call('admin-audit-list', { as: admin });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain(JSON.stringify(bidi.trim()).slice(1, -1));
  });
});
