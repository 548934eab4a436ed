import fc from 'fast-check';

import {
  type AdminPairing,
  type Round,
  type RoundRow,
  type RoundRowsQuery,
  RoundRowsQuerySchema,
  RoundRowsResponseSchema,
  type Unmatched,
} from '../../contracts/admin';
import { type PairingState } from '../../contracts/common';
import { roundRows, scoreDistribution, statusOf } from './round-rows';

const summary: Omit<Round, 'pairings' | 'unmatched'> = {
  id: 'r-1',
  programId: 'growth',
  roundKey: '2030-03-04T09:00',
  number: 3,
  status: 'published',
  trigger: 'timer',
  createdAt: '2030-03-04T08:00:00.000Z',
  publishedAt: '2030-03-04T08:01:00.000Z',
  startsOn: '2030-03-04',
  endsOn: '2030-04-14',
  failureReason: null,
  algorithmVersion: 'v2',
  stats: { candidates: 0, pairings: 0, triads: 0, unmatched: 0, totalScore: 0, durationMs: 12 },
  etag: '"1"',
};

const member = (userId: string, displayName: string) => ({
  userId,
  displayName,
  department: null,
  level: null,
});

const pairing = (id: string, state: PairingState, names: string[], score = 50): AdminPairing => ({
  id,
  members: names.map((n, i) => member(`${id}-${i}`, n)),
  score,
  reasons: [],
  state,
  nextSession: null,
  attentionReason: state === 'needs-attention' ? 'A member has no mailbox Pairwise can book in.' : null,
  attention: state === 'needs-attention' ? { code: 'no-mailbox', params: {} } : null,
  overridden: false,
  circle: names.length > 3,
});

const left = (userId: string, displayName: string, reason: string, detail: string | null): Unmatched => ({
  userId,
  displayName,
  reason,
  detail,
});

const round: Round = {
  ...summary,
  pairings: [
    pairing('p1', 'booked', ['Ada Lovelace', 'José Álvarez'], 82),
    pairing('p2', 'active', ['Grace Hopper', 'Linus Berg'], 41),
    pairing('p3', 'needs-attention', ['Zoë Müller', 'Kai Tanaka'], 67),
    pairing('p4', 'proposed', ['Mina Park', 'Omar Haddad'], 55),
    pairing('p5', 'cancelled', ['Sven Olsen', 'Priya Rahman'], 12),
    // A triad: three people placed.
    pairing('p6', 'booked', ['Lena Vogel', 'Tom Reed', 'Ana Jansen'], 95),
  ],
  unmatched: [
    left('u1', 'Nora Fujita', 'no-eligible-peer', 'level-band'),
    left('u2', 'Jonas Kim', 'carried-over', null),
    left('u3', 'Hana Jansen', 'no-eligible-peer', 'level-band'),
    left('u4', 'Eli Stone', 'no-eligible-peer', 'cooldown'),
  ],
};

const query = (q: Partial<RoundRowsQuery> = {}): RoundRowsQuery => RoundRowsQuerySchema.parse(q);
const ids = (items: RoundRow[]) => items.map((r) => (r.kind === 'pairing' ? r.pairing.id : r.person.userId));

describe('roundRows', () => {
  it.each([
    [
      'every row, pairings in order then the people left out',
      {},
      ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'u1', 'u2', 'u3', 'u4'],
    ],
    ['booked (or under way)', { status: 'booked' }, ['p1', 'p2', 'p6']],
    ['needing attention', { status: 'needs-attention' }, ['p3']],
    ['left out', { status: 'unmatched' }, ['u1', 'u2', 'u3', 'u4']],
    // Case, accents and spacing do not matter; any member's name matches.
    ['"jose"', { search: 'jose' }, ['p1']],
    ['"ZOE MULLER"', { search: '  ZOE   MULLER ' }, ['p3']],
    ['"jansen", paired and left out', { search: 'jansen' }, ['p6', 'u3']],
    ['"jansen" among the left out', { search: 'jansen', status: 'unmatched' }, ['u3']],
    ['"jo", a part of names', { search: 'jo' }, ['p1', 'u2']],
    ['nobody', { search: 'xavier' }, []],
  ] as const)('%s', (_what, q, expected) => {
    const answer = roundRows(round, query(q));
    expect(ids(answer.rows.items)).toEqual(expected);
    expect(answer.rows.total).toBe(expected.length);
    // What the API sends is what its contract says.
    expect(RoundRowsResponseSchema.parse(answer)).toEqual(answer);
  });

  it('counts each status among the rows the search finds', () => {
    expect(roundRows(round, query()).counts).toEqual({
      all: 10,
      booked: 3,
      'needs-attention': 1,
      unmatched: 4,
    });
    expect(roundRows(round, query({ search: 'jansen', status: 'booked' })).counts).toEqual({
      all: 2,
      booked: 1,
      'needs-attention': 0,
      unmatched: 1,
    });
  });

  it.each([
    [1, 4, ['p1', 'p2', 'p3', 'p4']],
    [2, 4, ['p5', 'p6', 'u1', 'u2']],
    [3, 4, ['u3', 'u4']],
    // Past the last page: the last page, saying so.
    [9, 4, ['u3', 'u4']],
    [1, 100, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'u1', 'u2', 'u3', 'u4']],
  ])('page %i of %i rows', (page, pageSize, expected) => {
    const answer = roundRows(round, query({ page, pageSize }));
    expect(ids(answer.rows.items)).toEqual(expected);
    expect(answer.rows).toMatchObject({
      page: Math.min(page, Math.ceil(10 / pageSize)),
      pageSize,
      total: 10,
    });
  });

  it('says what the view shows of the whole round, whatever the filter', () => {
    const { round: head, overview } = roundRows(round, query({ status: 'unmatched', search: 'nora' }));
    expect(head).toEqual(summary);
    expect(head).not.toHaveProperty('pairings');
    // Two people in each of five pairings, three in the triad.
    expect(overview.placed).toBe(13);
    expect(overview.needsAttention).toBe(1);
    expect(overview.scores.reduce((n, b) => n + b.count, 0)).toBe(6);
    expect(overview.unmatchedReasons).toEqual([
      { reason: 'no-eligible-peer', detail: 'level-band', count: 2 },
      { reason: 'carried-over', detail: null, count: 1 },
      { reason: 'no-eligible-peer', detail: 'cooldown', count: 1 },
    ]);
  });

  it('an empty round (being planned) has one empty page', () => {
    const answer = roundRows(
      { ...round, status: 'planning', pairings: [], unmatched: [] },
      query({ page: 3 }),
    );
    expect(answer.rows).toEqual({ items: [], page: 1, pageSize: 25, total: 0 });
    expect(answer.overview).toEqual({ placed: 0, needsAttention: 0, scores: [], unmatchedReasons: [] });
  });

  it('pages through every matching row exactly once, each page at most the page size (any round, any query)', () => {
    const states: PairingState[] = [
      'proposed',
      'booking',
      'booked',
      'active',
      'ended',
      'cancelled',
      'needs-attention',
    ];
    const names = ['Ada', 'Bo', 'Cy', 'Dee', 'Émile', 'Fay'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...states), fc.constantFrom(...names), fc.constantFrom(...names)), {
          maxLength: 60,
        }),
        fc.array(fc.constantFrom(...names), { maxLength: 20 }),
        fc.constantFrom('all', 'booked', 'needs-attention', 'unmatched'),
        fc.constantFrom('', 'a', 'emile', 'DEE', 'zz'),
        fc.integer({ min: 1, max: 12 }),
        (pairs, leftOut, status, search, pageSize) => {
          const r: Round = {
            ...summary,
            pairings: pairs.map(([state, a, b], i) => pairing(`p${i}`, state, [a, b], i)),
            unmatched: leftOut.map((n, i) => left(`u${i}`, n, 'carried-over', null)),
          };
          const first = roundRows(r, query({ status, search, pageSize }));
          const pages = Math.max(1, Math.ceil(first.rows.total / pageSize));
          const seen: RoundRow[] = [];
          for (let page = 1; page <= pages; page++) {
            const items = roundRows(r, query({ status, search, pageSize, page })).rows.items;
            expect(items.length).toBeLessThanOrEqual(pageSize);
            seen.push(...items);
          }
          expect(seen).toHaveLength(first.rows.total);
          expect(new Set(ids(seen)).size).toBe(seen.length);
          if (status !== 'all') expect(seen.every((row) => statusOf(row) === status)).toBe(true);
          // Every row the search finds is counted once: under its status, or only under "all".
          const found = roundRows(r, query({ search, pageSize: 100 })).rows.items;
          expect(first.counts.all).toBe(found.length);
          for (const s of ['booked', 'needs-attention', 'unmatched'] as const)
            expect(first.counts[s]).toBe(found.filter((row) => statusOf(row) === s).length);
        },
      ),
    );
  });
});

describe('scoreDistribution', () => {
  it('puts every score in exactly one range of a round width, no two ranges sharing a score', () => {
    const scores = [0, 5, 10, 50, 99, 100];
    const buckets = scoreDistribution(scores);
    expect(buckets).toHaveLength(11);
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(scores.length);
    expect(buckets[0]).toEqual({ from: 0, to: 9, count: 2 });
    expect(buckets[1]).toEqual({ from: 10, to: 19, count: 1 });
    expect(buckets[9]).toEqual({ from: 90, to: 99, count: 1 });
    expect(buckets[10]).toEqual({ from: 100, to: 109, count: 1 });
  });

  it.each([
    // [scores, ranges as from–to:count]
    [
      [53, 54, 55],
      ['53–53:1', '54–54:1', '55–55:1'],
    ],
    [[7, 7], ['7–7:2']],
    [
      [12, 31, 47],
      ['10–14:1', '15–19:0', '20–24:0', '25–29:0', '30–34:1', '35–39:0', '40–44:0', '45–49:1'],
    ],
    [
      [180, 410, 999],
      [
        '100–199:1',
        '200–299:0',
        '300–399:0',
        '400–499:1',
        '500–599:0',
        '600–699:0',
        '700–799:0',
        '800–899:0',
        '900–999:1',
      ],
    ],
  ])('ranges for %j', (scores, expected) => {
    expect(scoreDistribution(scores).map((b) => `${b.from}–${b.to}:${b.count}`)).toEqual(expected);
  });

  it('never gives two ranges the same label and counts every score once, whatever the scores', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 200 }), (scores) => {
        const ranges = scoreDistribution(scores);
        expect(ranges.length).toBeLessThanOrEqual(11);
        expect(ranges.reduce((n, b) => n + b.count, 0)).toBe(scores.length);
        for (const [i, b] of ranges.entries()) {
          expect(b.to).toBeGreaterThanOrEqual(b.from);
          if (i > 0) expect(b.from).toBe(ranges[i - 1]!.to + 1);
          expect(b.count).toBe(scores.filter((s) => s >= b.from && s <= b.to).length);
        }
      }),
    );
  });

  it('handles empty input, and more scores than a call can take as arguments', () => {
    expect(scoreDistribution([])).toEqual([]);
    const many = Array.from({ length: 200_000 }, (_, i) => i % 97);
    expect(scoreDistribution(many).reduce((n, b) => n + b.count, 0)).toBe(200_000);
  });
});
