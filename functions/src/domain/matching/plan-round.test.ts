import fc from 'fast-check';

import { buildRuleContext, checkPair, prepareParticipant } from './eligibility';
import {
  generateCompany,
  type MatchingParticipant,
  planRound,
  type RoundInput,
  type RoundResult,
} from './index';
import { scorePair } from './scoring';
import type { CrossDepartment, HardRule, MatchingWeights } from './types';
import { defaultWeights, describeWeight } from './weights';

const person = (id: string, overrides: Partial<MatchingParticipant> = {}): MatchingParticipant => ({
  id,
  department: `dept-${id}`,
  team: null,
  level: 3,
  managerChain: [],
  hireDate: '2020-01-01',
  timeZone: 'Europe/London',
  workingHours: {
    days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
    start: '09:00',
    end: '17:00',
  },
  goals: ['collaborative-learning'],
  topicsToLearn: [],
  topicsToShare: [],
  languages: ['English'],
  cadence: 'biweekly',
  workStyle: null,
  notWith: [],
  lastRoundOutcome: 'matched',
  ...overrides,
});

const round = (participants: MatchingParticipant[], extra: Partial<RoundInput> = {}): RoundInput => ({
  program: {
    kind: 'collaborative-learning',
    rules: { levelBand: 1, cooldownRounds: 4, cooldownWeeks: 8, minOverlapHours: 2, oddPolicy: 'triad' },
    ...extra.program,
  },
  participants,
  history: [],
  roundIndex: 10,
  roundStartDate: '2026-02-16',
  seed: 1,
  ...extra,
});

const withoutTimings = (r: RoundResult): Omit<RoundResult, 'timings'> => {
  const { timings: _timings, ...rest } = r;
  return rest;
};

describe('hard rules', () => {
  it('pairs two compatible people (control case)', () => {
    const result = planRound(round([person('a'), person('b')]));
    expect(result.pairings.map((p) => p.members)).toEqual([['a', 'b']]);
    expect(result.unmatched).toEqual([]);
  });

  const cases: Array<{
    rule: HardRule;
    a?: Partial<MatchingParticipant>;
    b?: Partial<MatchingParticipant>;
    extra?: Partial<RoundInput>;
  }> = [
    { rule: 'management-chain', a: { managerChain: ['b'] } },
    { rule: 'management-chain', b: { managerChain: ['x', 'a'] } /* skip-level */ },
    { rule: 'cooldown', extra: { history: [{ a: 'b', b: 'a', roundIndex: 7 }] } },
    { rule: 'cooldown', extra: { history: [{ a: 'a', b: 'b', date: '2026-01-05' }] } },
    { rule: 'level-band', a: { level: 1 }, b: { level: 3 } },
    { rule: 'working-hours-overlap', b: { timeZone: 'Asia/Tokyo' } },
    { rule: 'cadence', a: { cadence: 'weekly' }, b: { cadence: ['biweekly', 'monthly'] } },
    { rule: 'not-with', b: { notWith: ['a'] } },
    {
      rule: 'admin-block',
      extra: {
        program: {
          kind: 'collaborative-learning',
          rules: { levelBand: 1, cooldownRounds: 4, minOverlapHours: 2, oddPolicy: 'triad' },
          adminBlocks: [['b', 'a']],
        },
      },
    },
    {
      rule: 'same-department',
      a: { department: 'Sales' },
      b: { department: 'Sales' },
      extra: {
        program: {
          kind: 'collaborative-learning',
          rules: {
            levelBand: 1,
            cooldownRounds: 4,
            minOverlapHours: 2,
            oddPolicy: 'triad',
            crossDepartment: 'require',
          },
        },
      },
    },
    {
      rule: 'onboarding-pairing',
      a: { hireDate: '2026-02-01' },
      b: { hireDate: '2026-01-20' },
      extra: {
        program: {
          kind: 'onboarding-buddy',
          rules: { levelBand: 1, cooldownRounds: 4, minOverlapHours: 2, oddPolicy: 'triad' },
        },
      },
    },
  ];
  it.each(cases)('$rule keeps the pair apart and is named in the explanation', ({ rule, a, b, extra }) => {
    const result = planRound(round([person('a', a), person('b', b)], extra));
    expect(result.pairings).toEqual([]);
    expect(result.unmatched).toEqual([
      { participantId: 'a', reason: 'no-eligible-peer', blockedBy: { [rule]: 1 } },
      { participantId: 'b', reason: 'no-eligible-peer', blockedBy: { [rule]: 1 } },
    ]);
  });

  it.each([
    { name: 'cooldown over: met 5 rounds ago', extra: { history: [{ a: 'a', b: 'b', roundIndex: 5 }] } },
    { name: 'level gap within the band', a: { level: 2 }, b: { level: 3 } },
    {
      name: "'any' cadence meets every cadence",
      a: { cadence: 'any' as const },
      b: { cadence: 'monthly' as const },
    },
    { name: 'unknown levels are not compared', a: { level: null } },
    ...(['prefer', 'ignore'] as const).map((crossDepartment) => ({
      name: `one department, crossing departments "${crossDepartment}"`,
      a: { department: 'Sales' },
      b: { department: 'Sales' },
      extra: {
        program: {
          kind: 'collaborative-learning' as const,
          rules: {
            levelBand: 1,
            cooldownRounds: 4,
            minOverlapHours: 2,
            oddPolicy: 'triad' as const,
            crossDepartment,
          },
        },
      },
    })),
    ...[
      { name: 'crossing required: two departments', a: { department: 'Sales' }, b: { department: 'Legal' } },
      {
        name: 'crossing required: a department nobody knows',
        a: { department: 'Sales' },
        b: { department: null },
      },
      { name: 'crossing required: both unknown', a: { department: '' }, b: { department: null } },
    ].map((c) => ({
      ...c,
      extra: {
        program: {
          kind: 'collaborative-learning' as const,
          rules: {
            levelBand: 1,
            cooldownRounds: 4,
            minOverlapHours: 2,
            oddPolicy: 'triad' as const,
            crossDepartment: 'require' as const,
          },
        },
      },
    })),
    {
      name: 'onboarding buddy: a new joiner with a tenured peer',
      a: { hireDate: '2026-02-01' },
      extra: {
        program: {
          kind: 'onboarding-buddy' as const,
          rules: { levelBand: 1, cooldownRounds: 4, minOverlapHours: 2, oddPolicy: 'triad' as const },
        },
      },
    },
  ])(
    'allows: $name',
    ({
      a,
      b,
      extra,
    }: {
      a?: Partial<MatchingParticipant>;
      b?: Partial<MatchingParticipant>;
      extra?: Partial<RoundInput>;
    }) => {
      const result = planRound(round([person('a', a), person('b', b)], extra));
      expect(result.pairings.map((p) => p.members)).toEqual([['a', 'b']]);
    },
  );

  it('computes working-hours overlap on the round dates (DST differs between the US and Europe)', () => {
    const people = [
      person('a', { timeZone: 'America/New_York' }),
      person('b', { timeZone: 'Europe/London' }),
    ];
    const program = {
      kind: 'collaborative-learning' as const,
      rules: { levelBand: 1, cooldownRounds: 4, minOverlapHours: 3.5, oddPolicy: 'triad' as const },
    };
    // February: New York is UTC-5, London UTC → 14:00–17:00 UTC, 3 h.
    expect(planRound(round(people, { program, roundStartDate: '2026-02-16' })).pairings).toEqual([]);
    // 16 March: New York already on summer time (UTC-4), London not yet → 13:00–17:00 UTC, 4 h.
    const march = planRound(round(people, { program, roundStartDate: '2026-03-16' }));
    expect(march.pairings[0]?.overlapHours).toBe(4);
  });

  it('handles half-hour zones (Asia/Kolkata, UTC+05:30)', () => {
    const result = planRound(
      round([person('a', { timeZone: 'Asia/Kolkata' }), person('b', { timeZone: 'Europe/London' })]),
    );
    // Kolkata 09:00–17:00 = 03:30–11:30 UTC; London 09:00–17:00 UTC → 2.5 h.
    expect(result.pairings[0]?.overlapHours).toBe(2.5);
    expect(result.pairings[0]?.reasons).toContainEqual({ kind: 'overlap-hours', data: { hours: 2.5 } });
  });

  it.each([
    // [a's hours, b's zone and hours, overlap counted]: only the humane 08:00–18:00 of each person's day counts.
    // Both work 06:00–14:00 UTC, but b's day there is 01:00–09:00 in New York: only 08:00–09:00 EST is humane.
    ['06:00', '14:00', 'America/New_York', '01:00', '09:00', 1],
    ['06:00', '14:00', 'Europe/London', '06:00', '14:00', 6], // 08:00–14:00 on both clocks
    ['09:00', '17:00', 'Europe/London', '12:00', '22:00', 5], // 12:00–17:00 (b's evening after 18:00 is cut)
    ['22:00', '06:00', 'Europe/London', '09:00', '17:00', 'none'], // a night shift has no humane hour
  ] as const)(
    'counts overlap only inside humane hours: a %s–%s (London) with b in %s %s–%s',
    (aStart, aEnd, bZone, bStart, bEnd, expected) => {
      const program = {
        kind: 'collaborative-learning' as const,
        rules: { levelBand: 1, cooldownRounds: 4, minOverlapHours: 1, oddPolicy: 'triad' as const },
      };
      const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
      const result = planRound(
        round(
          [
            person('a', {
              timeZone: 'Europe/London',
              workingHours: { days: [...days], start: aStart, end: aEnd },
            }),
            person('b', { timeZone: bZone, workingHours: { days: [...days], start: bStart, end: bEnd } }),
          ],
          { program, roundStartDate: '2026-02-16' },
        ),
      );
      if (expected === 'none') expect(result.pairings).toEqual([]);
      else expect(result.pairings[0]?.overlapHours).toBe(expected);
    },
  );

  it('rejects an unknown time zone with the participant named', () => {
    expect(() => planRound(round([person('a', { timeZone: 'Mars/Olympus' }), person('b')]))).toThrow(
      /participant a/,
    );
  });
});

describe('scoring', () => {
  const only = (key: keyof MatchingWeights, points: number): MatchingWeights => {
    const weights = Object.fromEntries(
      Object.keys(defaultWeights).map((k) => [k, 0]),
    ) as unknown as MatchingWeights;
    weights[key] = points;
    return weights;
  };
  const score = (
    a: Partial<MatchingParticipant>,
    b: Partial<MatchingParticipant>,
    weights: MatchingWeights,
    overlap = 8,
  ) =>
    scorePair(
      prepareParticipant(person('a', a), '2026-02-16', 90),
      prepareParticipant(person('b', b), '2026-02-16', 90),
      overlap,
      weights,
    );

  it.each([
    {
      key: 'sharedGoal' as const,
      a: { goals: ['network-building', 'remote-connection'] as const },
      b: { goals: ['remote-connection', 'network-building'] as const },
      points: 20,
      kind: 'shared-goal',
    },
    {
      key: 'complementaryTopics' as const,
      a: { topicsToShare: ['SQL', 'Go'] },
      b: { topicsToLearn: ['sql', 'go', 'rust'], topicsToShare: ['Rust'] },
      points: 20,
      kind: 'teaches',
    },
    { key: 'differentDepartment' as const, a: {}, b: {}, points: 10, kind: 'different-department' },
    { key: 'differentTeam' as const, a: { team: 'x' }, b: { team: 'y' }, points: 10, kind: 'different-team' },
    {
      key: 'sharedLanguage' as const,
      a: { languages: ['English', 'Hindi'] },
      b: { languages: ['hindi'] },
      points: 10,
      kind: 'shared-language',
    },
    {
      key: 'sameWorkStyle' as const,
      a: { workStyle: 'remote' as const },
      b: { workStyle: 'remote' as const },
      points: 10,
      kind: 'same-work-style',
    },
    {
      key: 'newJoinerTenured' as const,
      a: { hireDate: '2026-02-01' },
      b: {},
      points: 10,
      kind: 'new-joiner-buddy',
    },
    {
      key: 'fairness' as const,
      a: { lastRoundOutcome: 'unmatched' as const },
      b: { lastRoundOutcome: 'cancelled' as const },
      points: 20,
      kind: 'fairness',
    },
    { key: 'timeZoneOverlap' as const, a: {}, b: {}, points: 10, kind: 'overlap-hours' },
  ])('$key earns its points and its reason', ({ key, a, b, points, kind }) => {
    const result = score(a as Partial<MatchingParticipant>, b as Partial<MatchingParticipant>, only(key, 10));
    expect(result.score).toBe(points);
    expect(result.reasons.map((r) => r.kind)).toContain(kind);
  });

  it('explains teaching in both directions with the teacher’s spelling', () => {
    const result = score(
      { topicsToShare: ['SQL'], topicsToLearn: ['Rust'] },
      { topicsToShare: ['rust'], topicsToLearn: ['sql'] },
      defaultWeights,
    );
    expect(result.reasons).toContainEqual({
      kind: 'teaches',
      data: { teacherId: 'a', learnerId: 'b', topics: ['SQL'] },
    });
    expect(result.reasons).toContainEqual({
      kind: 'teaches',
      data: { teacherId: 'b', learnerId: 'a', topics: ['rust'] },
    });
  });

  it.each<[CrossDepartment | undefined, number]>([
    // Only the department differs between the two rounds' pairs; the rest of the score is the same.
    [undefined, 20],
    ['prefer', 20],
    ['require', 20],
    ['ignore', 0],
  ])(
    'crossing departments %s: a pair across departments earns %d points for it',
    (crossDepartment, points) => {
      const across = (rule: CrossDepartment | undefined, departments: [string, string]) =>
        planRound(
          round([person('a', { department: departments[0] }), person('b', { department: departments[1] })], {
            program: {
              kind: 'collaborative-learning',
              rules: {
                levelBand: 1,
                cooldownRounds: 4,
                minOverlapHours: 2,
                oddPolicy: 'triad',
                ...(rule ? { crossDepartment: rule } : {}),
              },
            },
          }),
        ).pairings[0]!;
      const crossing = across(crossDepartment, ['Sales', 'Legal']);
      const sameRuleUnknown = across(crossDepartment, ['Sales', '']);
      expect(crossing.score - sameRuleUnknown.score).toBe(points);
      expect(crossing.reasons.map((r) => r.kind)).toContain('different-department');
    },
  );

  it('scales overlap points with the hours (half at 4 h)', () => {
    expect(score({}, {}, only('timeZoneOverlap', 10), 4).score).toBe(5);
  });

  it('names every weight in plain language', () => {
    for (const key of Object.keys(defaultWeights) as Array<keyof MatchingWeights>)
      expect(describeWeight(key).length).toBeGreaterThan(20);
  });
});

describe('odd counts and fairness', () => {
  it('puts the third person in a triad under the triad policy', () => {
    const result = planRound(round([person('a'), person('b'), person('c')]));
    expect(result.pairings).toHaveLength(1);
    expect(result.pairings[0]!.members).toEqual(['a', 'b', 'c']);
    expect(result.metrics.placedPercent).toBe(100);
  });

  it('carries the extra person over with priority, never the one left out last time', () => {
    const rules = { levelBand: 1, cooldownRounds: 4, minOverlapHours: 2, oddPolicy: 'carry-over' as const };
    const people = [person('a'), person('b'), person('c', { lastRoundOutcome: 'unmatched' })];
    for (const seed of [1, 2, 3, 4, 5]) {
      const result = planRound(round(people, { program: { kind: 'collaborative-learning', rules }, seed }));
      expect(result.pairings).toHaveLength(1);
      expect(result.pairings[0]!.members).toContain('c');
      expect(result.unmatched).toHaveLength(1);
      expect(result.unmatched[0]!.reason).toBe('carried-over-with-priority');
    }
  });

  it('prefers placing everyone over a higher-scoring pair', () => {
    // b–c share three goals, but taking them leaves a and d alone; a–b and c–d place all four.
    const goals = ['collaborative-learning', 'network-building', 'remote-connection'] as const;
    const result = planRound(
      round([
        person('a', { managerChain: ['c', 'd'] }),
        person('b', { goals: [...goals] }),
        person('c', { goals: [...goals] }),
        person('d', { managerChain: ['a', 'b'] }),
      ]),
    );
    expect(result.pairings.map((p) => p.members)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});

describe('round invariants (property)', () => {
  const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin'];
  const participantArb = (id: string) =>
    fc
      .record({
        level: fc.integer({ min: 1, max: 4 }),
        zone: fc.constantFrom(...zones),
        goals: fc.subarray(['collaborative-learning', 'network-building', 'remote-connection'] as const, {
          minLength: 1,
        }),
        department: fc.constantFrom('A', 'B', 'C'),
        cadence: fc.constantFrom('weekly' as const, 'biweekly' as const, 'any' as const),
        left: fc.boolean(),
      })
      .map((r) =>
        person(id, {
          level: r.level,
          timeZone: r.zone,
          goals: [...r.goals],
          department: r.department,
          cadence: r.cadence,
          lastRoundOutcome: r.left ? 'unmatched' : 'matched',
        }),
      );
  const inputArb = fc
    .integer({ min: 0, max: 8 })
    .chain((n) =>
      fc.record({
        people: fc.tuple(...Array.from({ length: n }, (_, i) => participantArb(`u${i}`))),
        history: fc.array(
          fc.tuple(
            fc.nat({ max: Math.max(0, n - 1) }),
            fc.nat({ max: Math.max(0, n - 1) }),
            fc.integer({ min: 1, max: 9 }),
          ),
          { maxLength: 6 },
        ),
        blocks: fc.array(fc.tuple(fc.nat({ max: Math.max(0, n - 1) }), fc.nat({ max: Math.max(0, n - 1) })), {
          maxLength: 3,
        }),
        oddPolicy: fc.constantFrom('triad' as const, 'carry-over' as const),
        crossDepartment: fc.constantFrom<CrossDepartment | undefined>(
          undefined,
          'require',
          'prefer',
          'ignore',
        ),
        seed: fc.integer({ min: 0, max: 1000 }),
      }),
    )
    .map(({ people, history, blocks, oddPolicy, crossDepartment, seed }) =>
      round([...people], {
        seed,
        history: history
          .filter(([a, b]) => a !== b)
          .map(([a, b, r]) => ({ a: `u${a}`, b: `u${b}`, roundIndex: r })),
        program: {
          kind: 'collaborative-learning',
          rules: {
            levelBand: 1,
            cooldownRounds: 4,
            minOverlapHours: 2,
            oddPolicy,
            ...(crossDepartment ? { crossDepartment } : {}),
          },
          adminBlocks: blocks.filter(([a, b]) => a !== b).map(([a, b]) => [`u${a}`, `u${b}`] as const),
        },
      }),
    );

  /** Best (cardinality, score) over every matching of the eligible graph, by exhaustion. */
  function bruteForce(input: RoundInput): { placed: number; score: number } {
    const ctx = buildRuleContext(input);
    const people = [...input.participants]
      .sort((x, y) => (x.id < y.id ? -1 : 1))
      .map((p) => prepareParticipant(p, input.roundStartDate, 90));
    const n = people.length;
    const used = new Array<boolean>(n).fill(false);
    const weights = { ...defaultWeights, ...input.program.weights };
    if (input.program.rules.crossDepartment === 'ignore') weights.differentDepartment = 0;
    const pairScore = (i: number, j: number): number | undefined => {
      const c = checkPair(people[i]!, people[j]!, ctx);
      return c.ok ? scorePair(people[i]!, people[j]!, c.overlapHours, weights).score : undefined;
    };
    const best = (from: number): [number, number] => {
      let v = from;
      while (v < n && used[v]) v++;
      if (v >= n) return [0, 0];
      used[v] = true;
      let result = best(v + 1);
      for (let u = v + 1; u < n; u++) {
        if (used[u]) continue;
        const s = pairScore(v, u);
        if (s === undefined) continue;
        used[u] = true;
        const [c, t] = best(v + 1);
        if (c + 2 > result[0] || (c + 2 === result[0] && t + s > result[1])) result = [c + 2, t + s];
        used[u] = false;
      }
      used[v] = false;
      return result;
    };
    const [placed, score] = best(0);
    return { placed, score };
  }

  it('respects every hard rule, places no one twice, explains every unmatched person and is optimal', () => {
    fc.assert(
      // From one or two candidates per person the optimum must come through pricing the rest of the graph in.
      fc.property(inputArb, fc.constantFrom(1, 2, 20), (input, candidatesPerPerson) => {
        const result = planRound({ ...input, candidatesPerPerson });
        expect(result.optimality).toEqual({ status: 'exact' });
        const ctx = buildRuleContext(input);
        const prepared = new Map(
          input.participants.map((p) => [p.id, prepareParticipant(p, input.roundStartDate, 90)]),
        );
        const seen = new Set<string>();
        for (const pairing of result.pairings) {
          expect(pairing.members.length === 2 || pairing.members.length === 3).toBe(true);
          for (const id of pairing.members) {
            expect(seen.has(id)).toBe(false);
            seen.add(id);
          }
          for (let x = 0; x < pairing.members.length; x++) {
            for (let y = x + 1; y < pairing.members.length; y++) {
              expect(
                checkPair(prepared.get(pairing.members[x]!)!, prepared.get(pairing.members[y]!)!, ctx).ok,
              ).toBe(true);
            }
          }
        }
        for (const u of result.unmatched) {
          expect(seen.has(u.participantId)).toBe(false);
          seen.add(u.participantId);
          if (u.reason === 'no-eligible-peer') {
            const total = Object.values(u.blockedBy).reduce((s, c) => s + c, 0);
            expect(total).toBe(input.participants.length - 1);
          }
        }
        expect(seen.size).toBe(input.participants.length);
        // Optimal: the pairs (before triads) place as many people as possible, with the best total score.
        const optimum = bruteForce(input);
        const pairsOnly = result.pairings.filter((p) => p.members.length === 2);
        const triads = result.pairings.filter((p) => p.members.length === 3);
        expect(pairsOnly.length * 2 + triads.length * 2).toBe(optimum.placed);
        if (triads.length === 0) expect(result.metrics.totalScore).toBe(optimum.score);
      }),
      { numRuns: 150 },
    );
  });

  it('with crossing departments required, no pair or group of three ever has two people of one department', () => {
    fc.assert(
      fc.property(inputArb, (generated) => {
        const input: RoundInput = {
          ...generated,
          program: {
            ...generated.program,
            rules: { ...generated.program.rules, crossDepartment: 'require' },
          },
        };
        const result = planRound(input);
        const department = new Map(input.participants.map((p) => [p.id, p.department]));
        for (const pairing of result.pairings) {
          const departments = pairing.members.map((id) => department.get(id));
          expect(new Set(departments).size).toBe(departments.length);
        }
        // Whoever nobody could meet is told why, with the department rule among the reasons when it applied.
        for (const u of result.unmatched) {
          if (u.reason !== 'no-eligible-peer') continue;
          const colleagues = input.participants.filter(
            (p) => p.id !== u.participantId && p.department === department.get(u.participantId),
          ).length;
          // Rules checked before it (admin blocks, cooldown) may have excluded some colleagues first.
          const earlier = (u.blockedBy['admin-block'] ?? 0) + (u.blockedBy.cooldown ?? 0);
          expect(u.blockedBy['same-department'] ?? 0).toBeLessThanOrEqual(colleagues);
          expect(u.blockedBy['same-department'] ?? 0).toBeGreaterThanOrEqual(colleagues - earlier);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: same input and seed give the same round, whatever the input order', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const first = withoutTimings(planRound(input));
        const reversed = withoutTimings(
          planRound({ ...input, participants: [...input.participants].reverse() }),
        );
        expect(reversed).toEqual(first);
      }),
      { numRuns: 60 },
    );
  });
});

describe('synthetic company', () => {
  it('is reproducible from its seed', () => {
    expect(generateCompany({ size: 50, seed: 3 })).toEqual(generateCompany({ size: 50, seed: 3 }));
    expect(generateCompany({ size: 50, seed: 3 })).not.toEqual(generateCompany({ size: 50, seed: 4 }));
  });

  it('gets a good round for a 150-person program', () => {
    const result = planRound(generateCompany({ size: 150, seed: 11 }));
    expect(result.metrics.placedPercent).toBe(100);
    expect(result.metrics.repeatsWithinCooldown).toBe(0);
    expect(result.metrics.belowMinOverlap).toBe(0);
    expect(result.metrics.crossDepartmentPercent).toBeGreaterThanOrEqual(90);
    expect(result.metrics.sharedGoalPercent).toBeGreaterThanOrEqual(90);
    expect(result.algorithmVersion).toMatch(/^pairwise-blossom\//);
  });

  it('is the optimum of the whole graph whatever the first subgraph: prices the rest in', () => {
    const input = generateCompany({ size: 80, seed: 5 });
    const whole = planRound({ ...input, candidatesPerPerson: 80 });
    const few = planRound({ ...input, candidatesPerPerson: 1 });
    expect(few.optimality).toEqual({ status: 'exact' });
    expect(few.search.edgesSolved).toBeLessThan(few.metrics.eligibleEdges);
    expect(few.search.rounds).toBeGreaterThan(1);
    expect(few.metrics.totalScore).toBe(whole.metrics.totalScore);
    expect(few.metrics.placedPercent).toBe(whole.metrics.placedPercent);
  });
});
