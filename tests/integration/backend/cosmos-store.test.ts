import { createCosmosRepositories } from '../../../functions/src/adapters/cosmos/repositories';
import { type ParticipantDocument } from '../../../functions/src/domain/model';
import { type Repositories } from '../../../functions/src/domain/ports';
import { isAppError } from '../../../functions/src/errors';
import { type CosmosPart, startCosmos } from './local-parts';

const tenantA = '11111111-2222-4333-8444-555555555555';
const tenantB = '99999999-8888-4777-8666-555555555555';

function participant(
  tenantId: string,
  programId: string,
  n: number,
  overrides: Partial<ParticipantDocument> = {},
): ParticipantDocument {
  const userId = `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
  return {
    id: `${programId}.${userId}`,
    tenantId,
    programId,
    userId,
    status: n % 3 === 0 ? 'paused' : 'active',
    pausedUntil: n % 3 === 0 ? '2026-07-01' : null,
    preferences: {
      goals: ['network-building'],
      topicsToLearn: [],
      topicsToShare: [],
      cadence: 'weekly',
      preferredDays: [],
      preferredTimesOfDay: [],
      languages: [],
      notWith: [],
    },
    enrolledAt: `2026-06-0${(n % 9) + 1}T10:00:00.000Z`,
    updatedAt: '2026-06-01T10:00:00.000Z',
    leftAt: null,
    directory: null,
    directorySyncedAt: null,
    searchName: `person ${n.toString().padStart(2, '0')}`,
    ...overrides,
  };
}

let part: CosmosPart;
let repos: Repositories;

beforeAll(async () => {
  part = await startCosmos();
  repos = createCosmosRepositories(part.database);
  for (let n = 1; n <= 7; n++) await repos.participants.create(participant(tenantA, 'p-one', n));
  for (let n = 1; n <= 3; n++) await repos.participants.create(participant(tenantA, 'p-two', n));
  for (let n = 1; n <= 4; n++) await repos.participants.create(participant(tenantB, 'p-one', n));
});

afterAll(() => part.stop());

describe('CosmosDocumentStore against the Cosmos server', () => {
  it('creates if absent (409 for the second) and reads back through the schema', async () => {
    const doc = participant(tenantA, 'p-three', 1);
    const created = await repos.participants.create(doc);
    expect(created.etag).toMatch(/.+/);
    await expect(repos.participants.create(doc)).rejects.toMatchObject({ kind: 'conflict' });
    const read = await repos.participants.get(tenantA, doc.id);
    expect(read?.doc).toEqual(doc);
    expect(await repos.participants.get(tenantB, doc.id)).toBeNull();
    expect(await repos.participants.get(tenantA, 'p-three.nobody')).toBeNull();
  });

  it('replaces with If-Match: a stale etag is a 412 and the newer write survives', async () => {
    const current = (await repos.participants.get(tenantA, participant(tenantA, 'p-one', 1).id))!;
    const first = await repos.participants.replace(
      { ...current.doc, searchName: 'first writer' },
      current.etag,
    );
    let error: unknown;
    try {
      await repos.participants.replace({ ...current.doc, searchName: 'second writer' }, current.etag);
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && error.kind).toBe('precondition-failed');
    expect((await repos.participants.get(tenantA, current.doc.id))?.doc.searchName).toBe('first writer');
    await repos.participants.replace({ ...first.doc, searchName: 'person 01' }, first.etag);
  });

  it('scopes every query by tenant, even without other conditions', async () => {
    const a = await repos.participants.queryAll(tenantA, {});
    const b = await repos.participants.queryAll(tenantB, {});
    expect(a.every((p) => p.doc.tenantId === tenantA)).toBe(true);
    expect(b.map((p) => p.doc.tenantId)).toEqual([tenantB, tenantB, tenantB, tenantB]);
  });

  it.each([
    ['eq', [{ field: 'programId', op: 'eq' as const, value: 'p-two' }], 3],
    [
      'ne',
      [
        { field: 'programId', op: 'ne' as const, value: 'p-two' },
        { field: 'programId', op: 'ne' as const, value: 'p-three' },
      ],
      7,
    ],
    [
      'in',
      [
        { field: 'status', op: 'in' as const, values: ['paused'] },
        { field: 'programId', op: 'eq' as const, value: 'p-one' },
      ],
      2,
    ],
    [
      'startsWith',
      [
        { field: 'searchName', op: 'startsWith' as const, value: 'person 0' },
        { field: 'programId', op: 'eq' as const, value: 'p-one' },
      ],
      7,
    ],
    ['includes (inside the string)', [{ field: 'searchName', op: 'includes' as const, value: 'son 07' }], 1],
    [
      'includes and eq',
      [
        { field: 'searchName', op: 'includes' as const, value: 'rson 0' },
        { field: 'programId', op: 'eq' as const, value: 'p-two' },
      ],
      3,
    ],
    [
      'gte on dates',
      [
        { field: 'enrolledAt', op: 'gte' as const, value: '2026-06-05' },
        { field: 'programId', op: 'eq' as const, value: 'p-one' },
      ],
      4,
    ],
    [
      'contains',
      [
        { field: 'preferences.goals', op: 'contains' as const, value: 'network-building' },
        { field: 'programId', op: 'eq' as const, value: 'p-two' },
      ],
      3,
    ],
    [
      'eq null',
      [
        { field: 'directory', op: 'eq' as const, value: null },
        { field: 'programId', op: 'eq' as const, value: 'p-two' },
      ],
      3,
    ],
    ['nested eq', [{ field: 'preferences.cadence', op: 'eq' as const, value: 'monthly' }], 0],
  ])('filters with %s the way the server evaluates it', async (_name, where, expected) => {
    expect(await repos.participants.queryAll(tenantA, { where })).toHaveLength(expected);
  });

  it('pages with TOP-sized pages and continuation tokens, in order', async () => {
    const names: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page = await repos.participants.query(tenantA, {
        where: [{ field: 'programId', op: 'eq', value: 'p-one' }],
        orderBy: { field: 'searchName', direction: 'asc' },
        pageSize: 3,
        ...(token ? { continuationToken: token } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(3);
      names.push(...page.items.map((p) => p.doc.searchName));
      token = page.continuationToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(7);
  });

  it('refuses a continuation token it did not issue with a 400, not a 5xx', async () => {
    let error: unknown;
    try {
      await repos.participants.query(tenantA, {
        pageSize: 2,
        continuationToken: Buffer.from('{"bogus":true}').toString('base64url'),
      });
    } catch (e) {
      error = e;
    }
    // The local server may also just restart from the top; either way never a server error.
    if (error !== undefined) expect(isAppError(error) && error.kind).toBe('invalid');
  });

  it('answers forged continuation tokens with 400 or a fresh page, never a server error', async () => {
    const forged = [
      '',
      'x',
      'not base64 !!',
      Buffer.from('garbage').toString('base64url'),
      Buffer.from('{"token":"+RID:abc","range":{"min":"","max":"FF"}}').toString('base64url'),
      Buffer.from('[{"token":null,"range":{"min":"00","max":"FF"}}]').toString('base64url'),
      Buffer.from('{"compositeToken":"zz","orderByItems":[{"item":"a"}],"rid":"x","skipCount":-5}').toString(
        'base64url',
      ),
      Buffer.from('\u0000\u0001').toString('base64url'),
      Buffer.from('{"token":"' + 'A'.repeat(3000) + '"}').toString('base64url'),
    ];
    for (const token of forged) {
      for (const orderBy of [undefined, { field: 'searchName', direction: 'asc' as const }]) {
        try {
          const page = await repos.participants.query(tenantA, {
            pageSize: 2,
            continuationToken: token,
            ...(orderBy ? { orderBy } : {}),
          });
          expect(page.items.every((p) => p.doc.tenantId === tenantA)).toBe(true);
        } catch (e) {
          expect([token, isAppError(e) ? e.kind : String(e)]).toEqual([token, 'invalid']);
        }
      }
    }
  });

  it('binds a continuation token to its query, and refuses one tampered inside the wrapper', async () => {
    const spec = { where: [{ field: 'programId', op: 'eq' as const, value: 'p-one' }], pageSize: 2 };
    const first = await repos.participants.query(tenantA, spec);
    const token = first.continuationToken!;
    expect(
      (await repos.participants.query(tenantA, { ...spec, continuationToken: token })).items,
    ).toHaveLength(2);
    const elsewhere = [
      () => repos.participants.query(tenantB, { ...spec, continuationToken: token }),
      () =>
        repos.participants.query(tenantA, {
          ...spec,
          where: [{ field: 'programId', op: 'eq', value: 'p-two' }],
          continuationToken: token,
        }),
    ];
    for (const attempt of elsewhere) await expect(attempt()).rejects.toMatchObject({ kind: 'invalid' });
    const wrapper = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const inner of ['garbage', '{"token":"-RID:~zz","range":{"min":"","max":"FF"}}', '[]']) {
      const tampered = Buffer.from(JSON.stringify({ ...wrapper, t: inner })).toString('base64url');
      try {
        const page = await repos.participants.query(tenantA, { ...spec, continuationToken: tampered });
        expect(page.items.every((p) => p.doc.tenantId === tenantA && p.doc.programId === 'p-one')).toBe(true);
      } catch (e) {
        expect(isAppError(e) && e.kind).toBe('invalid');
      }
    }
  });

  it('deletes idempotently and with If-Match', async () => {
    const doc = participant(tenantA, 'p-four', 1);
    const created = await repos.participants.create(doc);
    await expect(repos.participants.delete(tenantA, doc.id, '"stale"')).rejects.toMatchObject({
      kind: 'precondition-failed',
    });
    await repos.participants.delete(tenantA, doc.id, created.etag);
    await repos.participants.delete(tenantA, doc.id);
    expect(await repos.participants.get(tenantA, doc.id)).toBeNull();
  });
});
