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
  PreviewRoundRequestSchema,
  ProgramInputSchema,
  type Round,
  RunRoundRequestSchema,
  SkipRequestSchema,
} from '../contracts';
import {
  type CallOptions,
  createKit,
  createProgram,
  enrollAll,
  type Kit,
  principal,
  sampleEnrollment,
  sampleProgram,
  users,
} from '../testing/api-test-kit';

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
    await kit.call('admin-rounds-run', { as: principal(users.admin, true), params: { programId } })
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
    SkipRequestSchema.optional(),
    { reason: 'busy' },
    ann,
    () => ({ pairingId: ctx.pairingId }),
  ],
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
  ['pairing-skip', ['pairingId'], ann, undefined],
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
