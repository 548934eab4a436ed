import fc from 'fast-check';

import {
  bestCandidateGraph,
  buildCandidateGraph,
  buildCandidateGraphNaive,
  type CandidateGraph,
  HARD_RULES,
  type PairModel,
} from './candidate-graph';
import { rowBuffers } from './pair-model';
import { bestCandidates, pairTieBit, prepareRound, selectSmallest, tieBitOfIds } from './plan-round';
import { mulberry32 } from './rng';
import { generateCompany } from './synthetic';
import type { Cadence, CrossDepartment, Goal, MatchingParticipant, RoundInput } from './types';

const rows = (g: CandidateGraph): Array<[number, number, number, number]> =>
  Array.from({ length: g.m }, (_, k) => [g.eu[k]!, g.ev[k]!, g.score[k]!, g.overlap[k]!]);

/** Every pass of the model over a graph must see exactly its pairs, however it walks them. */
function expectPassesSeeGraph(model: PairModel, naive: CandidateGraph, seed: number): void {
  const n = model.n;
  const key = (a: number, b: number): number => Math.min(a, b) * n + Math.max(a, b);
  const edges = new Map<number, number>();
  for (let e = 0; e < naive.m; e++) edges.set(key(naive.eu[e]!, naive.ev[e]!), naive.score[e]!);
  const buffers = rowBuffers(n);
  // Degrees from the buckets' sizes.
  const { degree, eligibleEdges } = model.degrees();
  expect(Array.from(degree)).toEqual(Array.from(naive.degree));
  expect(eligibleEdges).toBe(naive.m);
  // Rows of chosen people, every partner: each person's whole neighbourhood, scored as the reference does.
  const rand = mulberry32(seed);
  const chosen = Array.from({ length: n }, (_, i) => i).filter(() => rand() < 0.5);
  const seen: Array<[number, number, number]> = [];
  model.forEachRow(
    buffers,
    (i, count) => {
      for (let t = 0; t < count; t++) seen.push([i, buffers.partners[t]!, buffers.scores[t]!]);
    },
    { people: chosen },
  );
  const expected: Array<[number, number, number]> = [];
  for (const i of chosen) {
    for (let e = 0; e < naive.m; e++) {
      if (naive.eu[e] === i) expected.push([i, naive.ev[e]!, naive.score[e]!]);
      if (naive.ev[e] === i) expected.push([i, naive.eu[e]!, naive.score[e]!]);
    }
  }
  const byPair = (x: [number, number, number], y: [number, number, number]): number =>
    x[0] - y[0] || x[1] - y[1];
  expect(seen.sort(byPair)).toEqual(expected.sort(byPair));
  // A filtered pass may skip only the pairs its filter allows to, and scores what it gives.
  const left = Float64Array.from({ length: n }, () => Math.floor(rand() * 60));
  const right = Float64Array.from({ length: n }, () => (rand() < 0.2 ? -Infinity : Math.floor(rand() * 120)));
  const { position } = model.buckets;
  /** The pairs a filtered pass gives, each scored as the graph scores it. */
  const givenBy = (options: Parameters<PairModel['forEachRow']>[2]): Set<number> => {
    const given = new Set<number>();
    model.forEachRow(
      buffers,
      (i, count) => {
        for (let t = 0; t < count; t++) {
          const j = buffers.partners[t]!;
          expect(buffers.scores[t]).toBe(edges.get(key(i, j)));
          given.add(key(i, j));
        }
      },
      options,
    );
    return given;
  };
  const given = givenBy({ filter: { left, right } });
  for (const [pair, score] of edges) {
    const a = position[Math.floor(pair / n)]!;
    const b = position[pair % n]!;
    const skippable = score - left[b]! <= right[a]! && score - left[a]! <= right[b]!;
    if (!skippable) expect(given.has(pair)).toBe(true);
  }
  // As pricing filters (one array for both sides, each person's dual in points), over rows of chosen people seen
  // from every end — many rows (whole blocks skipped on a bound) and a few (no block tables): every pair above
  // the duals is given.
  const dual = Float64Array.from({ length: n }, () => Math.floor(rand() * 90));
  for (const rowsPriced of [chosen, chosen.slice(0, 2)]) {
    const priced = givenBy({ filter: { left: dual, right: dual }, people: rowsPriced });
    const isPriced = new Set(rowsPriced);
    for (const [pair, score] of edges) {
      const i = Math.floor(pair / n);
      const j = pair % n;
      if (!isPriced.has(i) && !isPriced.has(j)) continue;
      if (score > dual[position[i]!]! + dual[position[j]!]!) expect(priced.has(pair)).toBe(true);
    }
  }
  // The model lends its block tables' memory to one pass at a time: a pass run inside another's rows (its
  // tables would come from other filter values) leaves the outer pass giving what it gives alone, and the
  // tables reused by later passes (above) give what fresh ones would.
  const givenWithNested = new Set<number>();
  let nestedRan = false;
  model.forEachRow(
    buffers,
    (i, count) => {
      for (let t = 0; t < count; t++) givenWithNested.add(key(i, buffers.partners[t]!));
      if (nestedRan) return;
      nestedRan = true;
      model.forEachRow(rowBuffers(n), () => undefined, { filter: { left: dual, right: dual } });
    },
    { filter: { left, right } },
  );
  expect(nestedRan).toBe(true);
  expect([...givenWithNested].sort((x, y) => x - y)).toEqual([...given].sort((x, y) => x - y));
  // Samples for estimates come from compatible buckets only, and are scored as the reference scores.
  const sample = model.sampleBuckets(7, mulberry32(seed + 1));
  const scores = new Float64Array(n);
  for (let pi = 0; pi < n; pi++) {
    const i = model.buckets.order[pi]!;
    const a = model.buckets.of[i]!;
    const from = sample.start[a]!;
    model.scoreSample(pi, sample, from, sample.start[a + 1]!, scores);
    for (let t = from; t < sample.start[a + 1]!; t++) {
      const j = model.buckets.order[sample.positions[t]!]!;
      if (j === i) expect(scores[t - from]).toBe(-Infinity);
      // Named pairs are not checked in a sample; the others are eligible and scored as the graph scores them.
      else if (!model.isNamed(i, j)) expect(scores[t - from]).toBe(edges.get(key(i, j)));
    }
  }
}

/** The fast builder must give exactly the reference graph: same edges in the same order, scores, overlaps. */
function expectSameGraph(input: RoundInput): CandidateGraph {
  const { people, ctx, weights } = prepareRound(input);
  const fast = buildCandidateGraph(people, ctx, weights);
  const naive = buildCandidateGraphNaive(people, ctx, weights);
  expect(rows(fast)).toEqual(rows(naive));
  expect(Array.from(fast.degree)).toEqual(Array.from(naive.degree));
  expectPassesSeeGraph(fast.model, naive, input.seed ?? 0);
  // Explanations are needed (and filled) for people with no eligible peer.
  for (let v = 0; v < people.length; v++) {
    if (fast.degree[v] !== 0) continue;
    const at = v * HARD_RULES.length;
    expect(Array.from(fast.blockedCounts.subarray(at, at + HARD_RULES.length))).toEqual(
      Array.from(naive.blockedCounts.subarray(at, at + HARD_RULES.length)),
    );
  }
  return fast;
}

describe('fast candidate graph', () => {
  it('equals the reference on a synthetic company (history, management chains, "not with")', () => {
    const graph = expectSameGraph(generateCompany({ size: 220, seed: 9 }));
    expect(graph.m).toBeGreaterThan(1000);
  });

  it.each<CrossDepartment>(['require', 'ignore'])(
    'equals the reference when crossing departments is "%s" (a hard rule, or no points)',
    (crossDepartment) => {
      const input = generateCompany({ size: 200, seed: 21 });
      input.program.rules.crossDepartment = crossDepartment;
      const graph = expectSameGraph(input);
      const { people } = prepareRound(input);
      const departmentOf = (v: number) => people[v]!.person.department;
      const sameDepartment = Array.from({ length: graph.m }, (_, k) => k).filter((k) => {
        const department = departmentOf(graph.eu[k]!);
        return department && department === departmentOf(graph.ev[k]!);
      });
      if (crossDepartment === 'require') expect(sameDepartment).toEqual([]);
      else expect(sameDepartment.length).toBeGreaterThan(0);
    },
  );

  it('names exactly the pairs a string-keyed rule could keep apart ("not with", chains, history), both ways', () => {
    const input = generateCompany({ size: 160, seed: 5 });
    const { people, ctx, weights } = prepareRound(input);
    const model = buildCandidateGraph(people, ctx, weights).model;
    const ids = people.map((p) => p.person.id);
    const names = (a: number, b: number): boolean =>
      people[a]!.notWith.has(ids[b]!) ||
      people[a]!.chain.has(ids[b]!) ||
      ctx.touchedBy.get(ids[a]!)?.has(ids[b]!) === true;
    let named = 0;
    for (let i = 0; i < people.length; i++) {
      for (let j = 0; j < people.length; j++) {
        if (i === j) continue;
        const expected = names(i, j) || names(j, i);
        if (expected) named++;
        if (model.isNamed(i, j) !== expected) throw new Error(`isNamed(${i}, ${j}) should be ${expected}`);
      }
    }
    // The fixture names pairs of every kind, and few of all pairs.
    expect(named).toBeGreaterThan(100);
    expect(named).toBeLessThan(people.length * people.length * 0.2);
    expect(people.some((p) => p.notWith.size > 0)).toBe(true);
  });

  it('equals the reference on an onboarding program with week cooldowns, admin blocks and odd people', () => {
    const input = generateCompany({ size: 150, seed: 4, kind: 'onboarding-buddy' });
    const ids = input.participants.map((p) => p.id);
    input.program.adminBlocks = [
      [ids[0]!, ids[1]!],
      [ids[5]!, ids[9]!],
      [ids[7]!, 'someone-not-in-the-round'],
    ];
    input.program.rules.cooldownWeeks = 6;
    input.history = [...(input.history ?? []), { a: ids[2]!, b: ids[3]!, date: '2026-03-01' }];
    // Someone nobody can meet (no overlap), someone with no level, no department and unusual values.
    input.participants[10] = {
      ...input.participants[10]!,
      timeZone: 'Pacific/Kiritimati',
      workingHours: { days: ['sunday'], start: '01:00', end: '02:00' },
    };
    input.participants[11] = {
      ...input.participants[11]!,
      level: null,
      department: null,
      team: '',
      workStyle: null,
      cadence: [],
    };
    const graph = expectSameGraph(input);
    expect(
      graph.degree[
        input.participants
          .map((p) => p.id)
          .sort()
          .indexOf(ids[10]!)
      ],
    ).toBe(0);
  });

  it('equals the reference on random small programs', () => {
    const goals: Goal[] = ['collaborative-learning', 'network-building', 'remote-connection'];
    const cadences: Array<Cadence | Cadence[] | 'any'> = [
      'weekly',
      'biweekly',
      'any',
      ['weekly', 'monthly'],
      [],
    ];
    const topics = ['SQL', 'sql ', 'Writing', 'coaching', 'security', ''];
    const personArb = fc.record({
      level: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
      department: fc.constantFrom(null, '', 'A', 'B'),
      team: fc.constantFrom(null, 'x', 'y'),
      zone: fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'),
      start: fc.constantFrom('06:00', '09:00', '13:30', '22:00'),
      end: fc.constantFrom('10:00', '17:00', '02:00'),
      goals: fc.subarray(goals),
      learn: fc.subarray(topics),
      share: fc.subarray(topics),
      languages: fc.subarray(['English', 'german', 'German ', 'Hindi']),
      cadence: fc.constantFrom(...cadences),
      workStyle: fc.constantFrom(null, 'remote' as const, 'hybrid' as const),
      newJoiner: fc.boolean(),
      outcome: fc.constantFrom('matched' as const, 'unmatched' as const, 'cancelled' as const, null),
      notWith: fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 2 }),
      manager: fc.option(fc.integer({ min: 0, max: 11 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(personArb, { minLength: 2, maxLength: 12 }),
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 11 }),
            fc.integer({ min: 0, max: 11 }),
            fc.integer({ min: 1, max: 9 }),
          ),
          { maxLength: 6 },
        ),
        fc.constantFrom<Goal>('collaborative-learning', 'onboarding-buddy'),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom<CrossDepartment | undefined>(undefined, 'require', 'prefer', 'ignore'),
        (specs, history, kind, band, crossDepartment) => {
          const id = (i: number): string => `u${String(i % specs.length).padStart(2, '0')}`;
          const participants: MatchingParticipant[] = specs.map((s, i) => ({
            id: id(i),
            department: s.department,
            team: s.team,
            level: s.level,
            managerChain: s.manager === null ? [] : [id(s.manager)],
            isNewJoiner: s.newJoiner,
            timeZone: s.zone,
            workingHours: { days: ['monday', 'tuesday', 'wednesday'], start: s.start, end: s.end },
            goals: s.goals,
            topicsToLearn: s.learn,
            topicsToShare: s.share,
            languages: s.languages,
            cadence: s.cadence,
            workStyle: s.workStyle,
            notWith: s.notWith.map(id),
            lastRoundOutcome: s.outcome,
          }));
          expectSameGraph({
            program: {
              kind,
              rules: {
                levelBand: band,
                cooldownRounds: 3,
                minOverlapHours: 2,
                oddPolicy: 'triad',
                ...(crossDepartment ? { crossDepartment } : {}),
              },
              adminBlocks: [[id(0), id(1)]],
            },
            participants,
            history: history.map(([a, b, r]) => ({ a: id(a), b: id(b), roundIndex: r })),
            roundIndex: 10,
            roundStartDate: '2026-03-27',
            seed: 3,
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('best candidates chosen while building', () => {
  it.each([1, 3, 10])('keep exactly the edges the whole graph ranks in each person’s best %i', (k) => {
    const input = generateCompany({ size: 260, seed: 12 });
    const { people, ctx, weights } = prepareRound(input);
    const tieBit = pairTieBit(people, 5);
    const whole = buildCandidateGraph(people, ctx, weights);
    const rank = Float64Array.from(
      { length: whole.m },
      (_, e) => whole.score[e]! * 2 + tieBit(whole.eu[e]!, whole.ev[e]!),
    );
    const keep = bestCandidates(people.length, whole.eu, whole.ev, rank, k);
    const best = buildCandidateGraph(people, ctx, weights, { bestK: { k, tieBit } });
    expect(rows(best)).toEqual(rows(whole).filter((_, e) => keep[e] === 1));
    expect(best.m).toBeLessThan(whole.m);
    expect(best.eligibleEdges).toBe(whole.m);
    expect(Array.from(best.degree)).toEqual(Array.from(whole.degree));
    expect(Array.from(best.blockedCounts)).toEqual(Array.from(whole.blockedCounts));
  });

  it('are each person’s k best by score less price whatever the floors guessed (too high, too low, fallbacks)', () => {
    const input = generateCompany({ size: 240, seed: 31, pastRounds: 2 });
    const { people, ctx, weights } = prepareRound(input);
    const n = people.length;
    const tieBit = pairTieBit(people, 9);
    const whole = buildCandidateGraph(people, ctx, weights);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(1, 4, 9), (seed, k) => {
        const rand = mulberry32(seed);
        const price = Float64Array.from({ length: n }, () => Math.floor(rand() * 40));
        // The reference: each person's partners by (2·(score − the partner's price) + tie bit), the lower
        // partner first on a tie; the k first of each person, every pair once.
        const ranked: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
        for (let e = 0; e < whole.m; e++) {
          const [u, v, score] = [whole.eu[e]!, whole.ev[e]!, whole.score[e]!];
          const bit = tieBit(u, v);
          ranked[u]!.push([2 * (score - price[v]!) + bit, v]);
          ranked[v]!.push([2 * (score - price[u]!) + bit, u]);
        }
        const expected = new Set<number>();
        ranked.forEach((list, x) => {
          list.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
          for (const [, other] of list.slice(0, k)) expected.add(Math.min(x, other) * n + Math.max(x, other));
        });
        // Floors from far too low to far too high; fallbacks, when given, below or above them.
        const floor = Float64Array.from({ length: n }, () => Math.floor(rand() * 160) - 40);
        const fallback =
          seed % 3 === 0 ? undefined : Float64Array.from(floor, (f) => f - Math.floor(rand() * 60) + 10);
        const { graph } = bestCandidateGraph(whole.model, k, tieBit, price, floor, fallback);
        const kept = Array.from({ length: graph.m }, (_, e) => graph.eu[e]! * n + graph.ev[e]!);
        expect(kept).toEqual([...expected].sort((a, b) => a - b));
        for (let e = 0; e < graph.m; e++) {
          expect(graph.score[e]).toBe(whole.model.pair(graph.eu[e]!, graph.ev[e]!)!.score);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('give every pair the same score and overlap as the graph, within both people’s score bounds', () => {
    const { people, ctx, weights } = prepareRound(generateCompany({ size: 120, seed: 3 }));
    const whole = buildCandidateGraph(people, ctx, weights);
    const edges = new Map<number, [number, number]>();
    for (let e = 0; e < whole.m; e++)
      edges.set(whole.eu[e]! * 1000 + whole.ev[e]!, [whole.score[e]!, whole.overlap[e]!]);
    for (let a = 0; a < people.length; a++) {
      for (let b = 0; b < people.length; b++) {
        const pair = whole.model.pair(a, b);
        const edge = a === b ? undefined : edges.get(Math.min(a, b) * 1000 + Math.max(a, b));
        expect(pair === null ? undefined : [pair.score, pair.overlapHours]).toEqual(edge);
        // The bound the best-k builder prunes with never undercuts a real score.
        if (pair !== null) {
          expect(pair.score).toBeLessThanOrEqual(Math.min(whole.model.bound[a]!, whole.model.bound[b]!));
        }
      }
    }
  });
});

describe('pair tie-break bits', () => {
  const { people } = prepareRound(generateCompany({ size: 40, seed: 2 }));
  const eu: number[] = [];
  const ev: number[] = [];
  for (let i = 0; i < people.length; i++) {
    for (let j = i + 1; j < people.length; j++) {
      eu.push(i);
      ev.push(j);
    }
  }
  const id = (v: number): string => people[v]!.person.id;

  it('equal the seeded bit of each pair of ids, in either order, computed from per-person hashes (pairTieBit)', () => {
    for (const seed of [0, 1, 77, 123456789]) {
      const tieBit = pairTieBit(people, seed);
      const bits = eu.map((u, e) => tieBit(u, ev[e]!));
      expect(bits).toEqual(eu.map((u, e) => tieBitOfIds(id(u), id(ev[e]!), seed)));
      expect(bits).toEqual(eu.map((u, e) => tieBitOfIds(id(ev[e]!), id(u), seed)));
    }
  });

  it('are balanced, change with the seed and depend on the pair, not on two per-person bits', () => {
    const bits = (seed: number): number[] => {
      const tieBit = pairTieBit(people, seed);
      return eu.map((u, e) => tieBit(u, ev[e]!));
    };
    const ones = bits(0).filter((b) => b === 1).length;
    // 780 pairs: a fair coin stays within 40–60 % with overwhelming probability; this is a fixed seed anyway.
    expect(ones / eu.length).toBeGreaterThan(0.4);
    expect(ones / eu.length).toBeLessThan(0.6);
    const other = bits(1);
    const changed = bits(0).filter((b, e) => b !== other[e]).length;
    expect(changed / eu.length).toBeGreaterThan(0.4);
    expect(changed / eu.length).toBeLessThan(0.6);
    // A separable bit (f(a) XOR g(b), as FNV-1a's lowest bit is) makes every such square XOR to zero.
    const bit = (a: number, b: number): number => tieBitOfIds(id(a), id(b), 0);
    let odd = 0;
    for (let a = 0; a < 10; a++)
      for (let b = 10; b < 20; b++) odd += bit(a, b) ^ bit(a, b + 10) ^ bit(a + 20, b) ^ bit(a + 20, b + 10);
    expect(odd).toBeGreaterThan(0);
  });
});

describe('selectSmallest', () => {
  it('puts the k smallest of distinct values first, for any k and order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        (values, raw) => {
          const k = 1 + (raw % values.length);
          const a = Float64Array.from(values);
          selectSmallest(a, k);
          const expected = [...values].sort((x, y) => x - y).slice(0, k);
          expect(Array.from(a.subarray(0, k)).sort((x, y) => x - y)).toEqual(expected);
          expect(Array.from(a).sort((x, y) => x - y)).toEqual([...values].sort((x, y) => x - y));
        },
      ),
    );
  });
});
