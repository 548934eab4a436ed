import fc from 'fast-check';

import { CircleScorer, compareStandings, groupSizes, sizeCost, standingOf } from './circles';
import { exhaustiveCircles, sizeChoices } from './circles-reference';
import { checkPair } from './eligibility';
import { type MatchingParticipant, planRound, prepareRound, type RoundInput } from './index';
import { PairModel } from './pair-model';
import { mulberry32 } from './rng';
import { scorePair } from './scoring';
import { generateCompany, generateSmallProgram } from './synthetic';
import type { Cadence, MatchingRules, Weekday } from './types';
import { overlapHours } from './working-hours';

const WEEK: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

const person = (id: string, overrides: Partial<MatchingParticipant> = {}): MatchingParticipant => ({
  id,
  department: `dept-${id}`,
  team: null,
  level: 3,
  managerChain: [],
  hireDate: '2020-01-01',
  timeZone: 'Europe/London',
  workingHours: { days: WEEK, start: '09:00', end: '17:00' },
  goals: ['network-building'],
  topicsToLearn: [],
  topicsToShare: [],
  languages: ['English'],
  cadence: 'biweekly',
  workStyle: null,
  notWith: [],
  lastRoundOutcome: 'matched',
  ...overrides,
});

const rules = (groupSize: number, more: Partial<MatchingRules> = {}): MatchingRules => ({
  levelBand: 1,
  cooldownRounds: 4,
  minOverlapHours: 2,
  oddPolicy: 'triad',
  groupSize,
  ...more,
});

const round = (
  participants: MatchingParticipant[],
  groupSize: number,
  extra: Partial<RoundInput> = {},
): RoundInput => ({
  program: { kind: 'network-building', rules: rules(groupSize) },
  participants,
  history: [],
  roundIndex: 10,
  roundStartDate: '2026-02-16',
  seed: 3,
  ...extra,
});

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`);
const circlesOf = (input: RoundInput) => planRound(input).pairings.map((p) => p.members);
const together = (circles: string[][], a: string, b: string) =>
  circles.some((c) => c.includes(a) && c.includes(b));

describe('circle sizes', () => {
  it.each([
    [10, 4, [4, 3, 3]],
    [9, 4, [5, 4]],
    [7, 4, [4, 3]],
    [7, 5, [4, 3]],
    [8, 6, [4, 4]],
    [15, 6, [5, 5, 5]],
    [12, 3, [3, 3, 3, 3]],
    [5, 3, [3, 2]],
    [5, 4, [5]],
    [2, 4, [2]],
    [1, 3, []],
    [0, 5, []],
  ])('%i people in circles of %i: %j', (m, k, sizes) => {
    expect(groupSizes(m, k)).toEqual(sizes);
  });

  it('is the best choice of sizes (least cost, then the most circles), checked against every choice', () => {
    for (let k = 3; k <= 6; k++) {
      for (let m = 2; m <= 30; m++) {
        const best = sizeChoices(m, k)[0]!;
        const sizes = groupSizes(m, k);
        expect(sizes.reduce((s, x) => s + x, 0)).toBe(m);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(k + 1);
        expect(compareStandings(standingOf(sizes, k), standingOf(best, k))).toBe(0);
      }
    }
  });
});

describe('the order of groupings (decision 0019, point 3)', () => {
  it.each<[string, number[], number, number[], number]>([
    ['more placed, whatever the sizes and score', [5, 5], 0, [4, 4], 900],
    ['sizes closer to the size asked for, even in fewer circles', [5, 5], 0, [4, 4, 2], 900],
    ['equally close: more circles', [4, 3, 3], 0, [5, 5], 900],
    ['equally close, as many circles: a higher score', [4, 3, 3], 81, [4, 3, 3], 80],
  ])('%s', (_why, better, betterScore, worse, worseScore) => {
    const k = 4;
    expect(
      compareStandings(standingOf(better, k, betterScore), standingOf(worse, k, worseScore)),
    ).toBeLessThan(0);
    expect(
      compareStandings(standingOf(worse, k, worseScore), standingOf(better, k, betterScore)),
    ).toBeGreaterThan(0);
  });
});

describe('circle sizes in a round: equally close, the most circles (decision 0019, point 3)', () => {
  // Everyone may meet everyone, so a larger circle always scores more (more member pairs): only the size rule keeps
  // 10 people in circles of 4 from being 5 + 5 (Σ (size − 4)² = 2, as close as 4 + 3 + 3, but fewer circles).
  const alike = (n: number) => ids(n).map((id) => person(id));
  const varied = (n: number) =>
    ids(n).map((id, i) =>
      person(id, {
        department: ['Sales', 'Legal', 'Design', 'Finance'][i % 4]!,
        level: 3 + (i % 2),
        timeZone: ['Europe/London', 'Europe/Berlin', 'Europe/Lisbon'][i % 3]!,
        goals: i % 3 === 0 ? ['network-building', 'remote-connection'] : ['network-building'],
        topicsToShare: i % 5 === 0 ? ['SQL'] : [],
        topicsToLearn: i % 2 === 1 ? ['sql'] : [],
        languages: i % 4 === 0 ? ['English', 'German'] : ['English'],
        cadence: i % 2 === 0 ? 'any' : 'biweekly',
      }),
    );
  it.each([
    // [people, circles of, sizes]: the other choices and their Σ (size − N)² in the comment
    [10, 4, [4, 3, 3]], // 5 + 5: 2, fewer circles
    [14, 4, [4, 4, 3, 3]], // 5 + 5 + 4: 2, fewer circles
    [18, 4, [4, 4, 4, 3, 3]], // 5 + 5 + 4 + 4: 2
    [21, 6, [6, 5, 5, 5]], // 7 + 7 + 7: 3, fewer circles
    [27, 6, [6, 6, 5, 5, 5]], // 7 + 7 + 7 + 6: 3
    [7, 3, [4, 3]], // 3 + 2 + 2: 2
    [9, 4, [5, 4]], // 3 + 3 + 3: 3
    [8, 4, [4, 4]],
  ])('%i people who may all meet, in circles of %i: %j', (n, k, sizes) => {
    for (const people of [alike(n), varied(n)]) {
      const result = planRound(round(people, k));
      expect(result.unmatched).toEqual([]);
      expect(result.pairings.map((p) => p.members.length).sort((a, b) => b - a)).toEqual(sizes);
    }
  });
});

describe('circles one over the size asked for, gathered into new circles', () => {
  // Moves between two circles can leave people in circles of 5 where 4 of them, one from each of four such
  // circles, could meet in a new circle; gathering them brings the sizes close to the ideal (all of 4). Which
  // circles are left one over depends on which of several equally good pairings the round starts from (the
  // solver's order of work decides among them), so the claim is measured on six companies, not one. Σ (size −
  // 4)² above the ideal's: 0 on five of them and 4 on one (two circles of 5 at levels 1–3, two of 3 at levels
  // 5–7: nobody may move between them), 4 in all; without the gathering, 8 in all. On twelve companies (400–950
  // people) 8 in all and at most 4, against 24 without the gathering.
  it('keeps the sizes within 4 of the ideal on every company, and 6 in all', () => {
    const excess = Array.from({ length: 6 }, (_, c) => {
      const input = generateCompany({ size: 400 + 50 * c, seed: c + 1 });
      input.program.rules.groupSize = 4;
      const result = planRound(input);
      const sizes = result.pairings.map((p) => p.members.length);
      const placed = sizes.reduce((sum, s) => sum + s, 0);
      expect(placed + result.unmatched.length).toBe(input.participants.length);
      return sizeCost(sizes, 4) - sizeCost(groupSizes(placed, 4), 4);
    });
    expect(Math.max(...excess)).toBeLessThanOrEqual(4);
    expect(excess.reduce((sum, e) => sum + e, 0)).toBeLessThanOrEqual(6);
  });
});

describe('circles: the hard rules hold for every pair and for the whole circle', () => {
  it('puts eight compatible people in two circles of four, with the circles algorithm', () => {
    const result = planRound(
      round(
        ids(8).map((id) => person(id)),
        4,
      ),
    );
    expect(result.algorithmVersion).toBe('pairwise-circles/1');
    expect(result.pairings.map((p) => p.members.length)).toEqual([4, 4]);
    expect(result.unmatched).toEqual([]);
    expect(result.metrics).toMatchObject({ pairs: 0, triads: 0, largerGroups: 2, placedPercent: 100 });
  });

  it.each<[string, Partial<RoundInput>, (people: MatchingParticipant[]) => void]>([
    ['a private "not with"', {}, (people) => people[1]!.notWith.push('p00')],
    ['the management chain', {}, (people) => (people[1]!.managerChain = ['p00'])],
    [
      'an admin block',
      { program: { kind: 'network-building', rules: rules(3), adminBlocks: [['p01', 'p00']] } },
      () => {},
    ],
    ['the cooldown', { history: [{ a: 'p00', b: 'p01', roundIndex: 8 }] }, () => {}],
    ['the level band', {}, (people) => ((people[0]!.level = 2), (people[1]!.level = 4))],
  ])('%s keeps two people out of one circle', (_rule, extra, change) => {
    const people = ids(6).map((id) => person(id, { level: 3 }));
    change(people);
    const circles = circlesOf(round(people, 3, extra));
    expect(circles.flat().sort()).toEqual(ids(6));
    expect(together(circles, 'p00', 'p01')).toBe(false);
  });

  it('never seats three people together who each overlap pairwise but never all at once', () => {
    // Each pair shares a whole working day (Mon, Tue, Wed), the three of them none.
    const days: Record<string, Weekday[]> = {
      p00: ['monday', 'wednesday'],
      p01: ['monday', 'tuesday'],
      p02: ['tuesday', 'wednesday'],
    };
    const people = ids(6).map((id) =>
      person(id, { workingHours: { days: days[id] ?? WEEK, start: '09:00', end: '17:00' } }),
    );
    const circles = circlesOf(round(people, 3));
    expect(circles.flat().sort()).toEqual(ids(6));
    expect(circles.some((c) => ['p00', 'p01', 'p02'].every((id) => c.includes(id)))).toBe(false);
  });

  it('never seats three people together who accept a cadence pairwise but no cadence all', () => {
    const cadences: Record<string, Cadence[]> = {
      p00: ['weekly', 'biweekly'],
      p01: ['biweekly', 'monthly'],
      p02: ['weekly', 'monthly'],
    };
    const people = ids(6).map((id) => person(id, { cadence: cadences[id] ?? 'any' }));
    const circles = circlesOf(round(people, 3));
    expect(circles.flat().sort()).toEqual(ids(6));
    expect(circles.some((c) => ['p00', 'p01', 'p02'].every((id) => c.includes(id)))).toBe(false);
  });

  it('keeps onboarding programs in pairs (exactly one new joiner per pair cannot hold in a circle)', () => {
    const people = ids(4).map((id, i) => person(id, { hireDate: i % 2 === 0 ? '2026-02-01' : '2019-01-01' }));
    const result = planRound(round(people, 4, { program: { kind: 'onboarding-buddy', rules: rules(4) } }));
    expect(result.algorithmVersion).toBe('pairwise-blossom/2');
    expect(result.pairings.map((p) => p.members.length)).toEqual([2, 2]);
  });

  it.each([1, 7, 3.5])('refuses a group size of %s', (size) => {
    expect(() =>
      planRound(
        round(
          ids(6).map((id) => person(id)),
          size,
        ),
      ),
    ).toThrow(RangeError);
  });

  it('places the one person only one peer may meet, in a pair with that peer', () => {
    // p06 may meet p00 only (level 5 within one level of p00's 4); the rest are level 3.
    const people = ids(7).map((id) => person(id));
    people[0]!.level = 4;
    people[6]!.level = 5;
    const result = planRound(round(people, 3));
    expect(result.unmatched).toEqual([]);
    expect(
      together(
        result.pairings.map((p) => p.members),
        'p00',
        'p06',
      ),
    ).toBe(true);
  });
});

describe('circles: score and reasons for the whole circle', () => {
  it('scores a circle as the sum of its pairs when everyone works the same hours', () => {
    const people = ids(3).map((id, i) =>
      person(id, {
        goals: i === 2 ? ['network-building', 'remote-connection'] : ['network-building'],
        topicsToShare: i === 0 ? ['SQL'] : [],
        topicsToLearn: i === 1 ? ['sql'] : [],
        lastRoundOutcome: i === 1 ? 'unmatched' : 'matched',
      }),
    );
    const input = round(people, 3);
    const [circle] = planRound(input).pairings;
    const { people: prepared, ctx, weights } = prepareRound(input);
    let sum = 0;
    for (let a = 0; a < 3; a++) {
      for (let b = a + 1; b < 3; b++) {
        const check = checkPair(prepared[a]!, prepared[b]!, ctx);
        if (!check.ok) throw new Error('eligible');
        sum += scorePair(prepared[a]!, prepared[b]!, check.overlapHours, weights).score;
      }
    }
    expect(circle!.score).toBe(sum);
  });

  it('explains the circle as a whole: shared goals and languages of everyone, every department, who teaches whom, the stretch all share', () => {
    const people = [
      person('a', {
        department: 'Sales',
        goals: ['network-building', 'remote-connection'],
        topicsToShare: ['SQL'],
      }),
      person('b', {
        department: 'Legal',
        goals: ['network-building'],
        topicsToLearn: ['SQL'],
        languages: ['English', 'German'],
        timeZone: 'Europe/Berlin',
      }),
      person('c', { department: 'Sales', goals: ['network-building', 'remote-connection'], level: 4 }),
    ];
    const [circle] = planRound(round(people, 3)).pairings;
    expect(circle!.members).toEqual(['a', 'b', 'c']);
    // London 09–17 and Berlin 09–17 (08–16 London time) share seven hours.
    expect(circle!.overlapHours).toBe(7);
    expect(circle!.reasons).toEqual([
      { kind: 'level-gap', data: { gap: 1 } },
      { kind: 'different-department', data: { departments: ['Legal', 'Sales'] } },
      { kind: 'shared-goal', data: { goals: ['network-building'] } },
      { kind: 'teaches', data: { teacherId: 'a', learnerId: 'b', topics: ['SQL'] } },
      { kind: 'shared-language', data: { languages: ['English'] } },
      { kind: 'overlap-hours', data: { hours: 7 } },
    ]);
  });
});

describe('circles: invariants and quality (property)', () => {
  const instance = generateSmallProgram;

  const check = (input: RoundInput) => {
    const k = input.program.rules.groupSize!;
    const result = planRound(input);
    const { people, ctx, weights } = prepareRound(input);
    const index = new Map(people.map((p, i) => [p.person.id, i]));
    const model = new PairModel(people, ctx, weights);
    const scorer = new CircleScorer(model, people, weights, input.program.rules.minOverlapHours);
    const seen = new Set<string>();
    for (const circle of result.pairings) {
      expect(circle.members.length).toBeGreaterThanOrEqual(2);
      expect(circle.members.length).toBeLessThanOrEqual(k + 1);
      const members = circle.members.map((id) => index.get(id)!);
      for (const id of circle.members) {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
      // Every pair by the reference check; one cadence and the minimum stretch for everyone, computed here anew.
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++)
          expect(checkPair(people[members[x]!]!, people[members[y]!]!, ctx).ok).toBe(true);
      const cadences = members.map((v) => people[v]!.cadences);
      const common = (['weekly', 'biweekly', 'monthly'] as const).filter((c) =>
        cadences.every((set) => set === null || set.has(c)),
      );
      expect(common.length).toBeGreaterThan(0);
      expect(circle.overlapHours).toBeGreaterThanOrEqual(input.program.rules.minOverlapHours);
      expect(circle.score).toBe(scorer.score(members));
    }
    const { degree } = model.degrees();
    for (const u of result.unmatched) {
      seen.add(u.participantId);
      expect(u.reason === 'no-eligible-peer').toBe(degree[index.get(u.participantId)!] === 0);
    }
    expect(seen.size).toBe(people.length);
    return { result, scorer, degree, people };
  };

  it('places everyone once, in circles every rule allows, never better than the exact optimum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 3, max: 6 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (n, k, seed) => {
          const { result, scorer, degree, people } = check(instance(n, k, seed));
          const placeable = people.map((_, v) => v).filter((v) => degree[v]! > 0);
          const exact = exhaustiveCircles(scorer, placeable, k);
          const sizes = result.pairings.map((p) => p.members.length);
          const ours = standingOf(sizes, k, result.metrics.totalScore);
          expect(compareStandings(ours, standingOf(exact.sizes, k, exact.score))).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is deterministic: same input and seed give the same circles, whatever the input order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 14 }),
        fc.integer({ min: 3, max: 6 }),
        fc.integer(),
        (n, k, seed) => {
          const input = instance(n, k, seed);
          const reversed = { ...input, participants: [...input.participants].reverse() };
          const strip = ({ timings: _t, ...rest }: ReturnType<typeof planRound>) => rest;
          expect(strip(planRound(reversed))).toEqual(strip(planRound(input)));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('scores the stretch a circle shares exactly, whatever order circles are scored in (memo keys)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (seed) => {
        const input = instance(12, 4, seed);
        const { people, ctx, weights } = prepareRound(input);
        // Everyone a schedule of their own: the memo then sees sets of every length.
        people.forEach((p, i) => (p.intervals = p.intervals.map((x) => x + i * 7)));
        const scorer = new CircleScorer(new PairModel(people, ctx, weights), people, weights, 0);
        const rand = mulberry32(seed);
        for (let t = 0; t < 30; t++) {
          const members = [
            ...new Set(Array.from({ length: 2 + Math.floor(rand() * 5) }, () => Math.floor(rand() * 12))),
          ];
          let common = people[members[0]!]!.intervals;
          for (const v of members.slice(1)) common = intersect(common, people[v]!.intervals);
          expect(scorer.commonOverlapHours(members)).toBe(overlapHours(common, common));
        }
      }),
      { numRuns: 30 },
    );
  });

  /**
   * On seeded small programs with tight rules (`generateSmallProgram`; `npm run bench -- circles` runs more and
   * larger ones for docs/matching.md): everyone the exact optimum places is placed, the sizes are the optimum's
   * in nine programs of ten, and then the score is at least 99 % of the optimum's on average.
   */
  it.each([3, 4, 5, 6])(
    'groups of %i: as many placed as the exact optimum, within 1 %% of its score',
    (k) => {
      let ratioSum = 0;
      let compared = 0;
      const programs = 20;
      for (let seed = 1; seed <= programs; seed++) {
        const { result, scorer, degree, people } = check(instance(8 + (seed % 3), k, seed * 7919 + k));
        const placeable = people.map((_, v) => v).filter((v) => degree[v]! > 0);
        const exact = exhaustiveCircles(scorer, placeable, k);
        const sizes = result.pairings.map((p) => p.members.length);
        expect(sizes.reduce((s, x) => s + x, 0)).toBe(exact.placed);
        if (compareStandings(standingOf(sizes, k), standingOf(exact.sizes, k)) !== 0) continue;
        compared++;
        ratioSum += exact.score === 0 ? 1 : result.metrics.totalScore / exact.score;
      }
      expect(compared).toBeGreaterThanOrEqual(0.9 * programs);
      expect(ratioSum / compared).toBeGreaterThanOrEqual(0.99);
    },
  );
});

/** Test-side intersection of two sorted lists of disjoint [from, to) pairs (an independent implementation). */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i += 2)
    for (let j = 0; j < b.length; j += 2) {
      const lo = Math.max(a[i]!, b[j]!);
      const hi = Math.min(a[i + 1]!, b[j + 1]!);
      if (hi > lo) out.push(lo, hi);
    }
  return out.sort((x, y) => x - y);
}
