import { planRound } from '../matching';
import { matchingZoneOf, plannerFrom, toRoundInput } from './matching-planner';
import { type PlanCandidate, type PlanInput } from './planner';

function candidate(n: number, department: string, overrides: Partial<PlanCandidate> = {}): PlanCandidate {
  return {
    userId: `u${n}`,
    displayName: `Person ${n}`,
    department,
    jobTitle: 'Engineer',
    level: 'L3',
    levelRank: 3,
    managerChain: [],
    hireDate: '2020-01-01',
    timeZone: 'W. Europe Standard Time',
    workingHours: {
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '09:00',
      endTime: '17:00',
      timeZone: 'W. Europe Standard Time',
    },
    preferredLanguage: 'en-GB',
    preferences: {
      goals: ['network-building'],
      topicsToLearn: [],
      topicsToShare: [],
      cadence: 'biweekly',
      preferredDays: [],
      preferredTimesOfDay: [],
      languages: [],
      notWith: [],
    },
    ...overrides,
  };
}

const input = (candidates: PlanCandidate[], overrides: Partial<PlanInput> = {}): PlanInput => ({
  programId: 'p-1',
  kind: 'network-building',
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
  levelMapping: null,
  roundStartsOn: '2026-06-01',
  seed: 7,
  candidates,
  history: [],
  blockedPairs: [],
  priorityUserIds: [],
  ...overrides,
});

describe('matchingZoneOf', () => {
  it.each<[Parameters<typeof matchingZoneOf>[0], string | null]>([
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['Europe/Berlin', 'Europe/Berlin'],
    [null, null],
    // A custom zone: UTC = local + bias, so bias −330 is UTC+5:30 (India, no DST).
    [{ kind: 'custom', name: 'Customized Time Zone', bias: -330 }, 'UTC+5:30'],
    // US Eastern rules: on 1 March the standard offset (−5 h) holds; on 1 July daylight time (−4 h).
    [
      {
        kind: 'custom',
        bias: 300,
        standard: { month: 11, dayOccurrence: 1, dayOfWeek: 'sunday', minutes: 120 },
        daylight: { month: 3, dayOccurrence: 2, dayOfWeek: 'sunday', minutes: 120, daylightBias: -60 },
      },
      'UTC-5',
    ],
  ])('%j → %s', (zone, expected) => {
    expect(matchingZoneOf(zone, '2027-03-01')).toBe(expected);
  });

  it('follows the custom zone’s daylight rule at the round’s start', () => {
    const eastern = {
      kind: 'custom' as const,
      bias: 300,
      standard: { month: 11, dayOccurrence: 1, dayOfWeek: 'sunday' as const, minutes: 120 },
      daylight: { month: 3, dayOccurrence: 2, dayOfWeek: 'sunday' as const, minutes: 120, daylightBias: -60 },
    };
    expect(matchingZoneOf(eastern, '2027-07-01')).toBe('UTC-4');
  });
});

describe('the matching engine behind the planner port', () => {
  it('maps Windows zones to IANA, history to round indexes and blocks to the engine', () => {
    const round = toRoundInput(
      input([candidate(1, 'Sales'), candidate(2, 'Legal')], {
        history: [{ memberIds: ['u1', 'u2', 'u3'], roundsAgo: 2 }],
        blockedPairs: [['u1', 'u4']],
        priorityUserIds: ['u2'],
      }),
    );
    expect(round.participants[0]).toMatchObject({
      id: 'u1',
      timeZone: 'Europe/Berlin',
      level: 3,
      languages: ['en-GB'],
    });
    expect(round.participants[1]?.lastRoundOutcome).toBe('unmatched');
    expect(round.history).toHaveLength(3);
    expect(round.history?.every((h) => h.roundIndex === (round.roundIndex ?? 0) - 2)).toBe(true);
    expect(round.program.adminBlocks).toEqual([['u1', 'u4']]);
  });

  it('plans a real round: everyone placed, reasons in the API vocabulary, blocked pairs respected', async () => {
    const people = [
      candidate(1, 'Sales'),
      candidate(2, 'Legal'),
      candidate(3, 'Sales'),
      candidate(4, 'Legal'),
      candidate(5, 'Finance'),
    ];
    const planner = plannerFrom(planRound);
    const result = await planner(
      input(people, {
        blockedPairs: [
          ['u1', 'u2'],
          ['u3', 'u4'],
        ],
      }),
    );
    const placed = result.pairings.flatMap((p) => p.memberIds).sort();
    expect([...placed, ...result.unmatched.map((u) => u.userId)].sort()).toEqual([
      'u1',
      'u2',
      'u3',
      'u4',
      'u5',
    ]);
    for (const pairing of result.pairings) {
      expect(pairing.memberIds.join() === 'u1,u2' || pairing.memberIds.join() === 'u3,u4').toBe(false);
      expect(pairing.reasons.map((r) => r.kind)).toContain('shared-goal');
    }
    expect(result.algorithmVersion).toMatch(/.+/);
    // The engine's proof travels with the round: the best of every pairing the rules allow.
    expect(result.optimality).toEqual({ status: 'exact' });
  });

  it('never names the private "not with" list as the reason someone was left unmatched', async () => {
    const privately = (n: number, notWith: string[], overrides: Partial<PlanCandidate> = {}) => {
      const c = candidate(n, n % 2 ? 'Sales' : 'Legal', overrides);
      return { ...c, preferences: { ...c.preferences, notWith } };
    };
    const planner = plannerFrom(planRound);
    // Two people, one listed the other: nobody else could be theirs, and the row says nothing about why.
    const pair = await planner(input([privately(1, ['u2']), privately(2, [])]));
    expect(pair.pairings).toEqual([]);
    expect(pair.unmatched.map((u) => [u.userId, u.reason, u.detail])).toEqual([
      ['u1', 'no-eligible-peer', null],
      ['u2', 'no-eligible-peer', null],
    ]);
    // With other rules at work too, the detail names those, never the list.
    const three = await planner(
      input([privately(1, ['u2']), privately(2, []), privately(3, [], { level: 'L9', levelRank: 9 })]),
    );
    expect(three.unmatched.length).toBeGreaterThan(0);
    for (const u of three.unmatched) expect(u.detail).not.toBe('not-with');
    expect(three.unmatched.find((u) => u.userId === 'u3')?.detail).toBe('level-band');
  });

  /** Two in Sales (u1, u2) and two in Legal (u3, u4); what else pulls each department's pair together. */
  const fourPeople = (pull: 'language' | 'topics') => {
    const withPreferences = (
      n: number,
      department: string,
      languages: string[],
      learn: string[],
      share: string[],
    ) => {
      const c = candidate(n, department);
      return {
        ...c,
        preferences: { ...c.preferences, languages, topicsToLearn: learn, topicsToShare: share },
      };
    };
    // A shared language (10 points) is less than crossing departments (20); two topics taught each way (50) more.
    return pull === 'language'
      ? [
          withPreferences(1, 'Sales', ['fr'], [], []),
          withPreferences(2, 'Sales', ['fr'], [], []),
          withPreferences(3, 'Legal', ['de'], [], []),
          withPreferences(4, 'Legal', ['de'], [], []),
        ]
      : [
          withPreferences(1, 'Sales', [], ['SQL'], ['Go']),
          withPreferences(2, 'Sales', [], ['Go'], ['SQL']),
          withPreferences(3, 'Legal', [], ['Law'], ['Tax']),
          withPreferences(4, 'Legal', [], ['Tax'], ['Law']),
        ];
  };

  it.each<['language' | 'topics', 'require' | 'prefer' | 'ignore', 'across' | 'within']>([
    ['language', 'prefer', 'across'],
    ['language', 'ignore', 'within'],
    ['language', 'require', 'across'],
    ['topics', 'prefer', 'within'],
    ['topics', 'ignore', 'within'],
    ['topics', 'require', 'across'],
  ])(
    'with a %s pull and crossing departments "%s", pairs are made %s departments',
    async (pull, crossDepartment, expected) => {
      const planInput = input(fourPeople(pull), { rules: { ...input([]).rules, crossDepartment } });
      expect(toRoundInput(planInput).program.rules.crossDepartment).toBe(crossDepartment);
      const result = await plannerFrom(planRound)(planInput);
      expect(result.unmatched).toEqual([]);
      const department = (id: string) => (id === 'u1' || id === 'u2' ? 'Sales' : 'Legal');
      expect(
        result.pairings.map((p) =>
          department(p.memberIds[0]!) === department(p.memberIds[1]!) ? 'within' : 'across',
        ),
      ).toEqual([expected, expected]);
      // A pair across departments says so among its reasons.
      const across = result.pairings.filter((p) => p.reasons.some((r) => r.kind === 'different-department'));
      expect(across).toHaveLength(expected === 'across' ? 2 : 0);
    },
  );

  it('never lets an unknown department block a pair, even when crossing is required', async () => {
    const people = [candidate(1, 'Sales'), candidate(2, 'Sales', { department: null })];
    const result = await plannerFrom(planRound)(
      input(people, { rules: { ...input([]).rules, crossDepartment: 'require' } }),
    );
    expect(result.pairings.map((p) => p.memberIds)).toEqual([['u1', 'u2']]);
  });

  it('leaves people of one department unmatched with a named reason when crossing is required', async () => {
    const planner = plannerFrom(planRound);
    const sameDepartment = [candidate(1, 'Sales'), candidate(2, 'Sales'), candidate(3, 'Sales')];
    const required = await planner(
      input(sameDepartment, { rules: { ...input([]).rules, crossDepartment: 'require' } }),
    );
    expect(required.pairings).toEqual([]);
    expect(required.unmatched.map((u) => [u.userId, u.reason, u.detail])).toEqual([
      ['u1', 'no-eligible-peer', 'same-department'],
      ['u2', 'no-eligible-peer', 'same-department'],
      ['u3', 'no-eligible-peer', 'same-department'],
    ]);
    // Preferred only, they still meet (a triad: the program makes groups of three for an odd count).
    const preferred = await planner(input(sameDepartment));
    expect(preferred.pairings.map((p) => p.memberIds)).toEqual([['u1', 'u2', 'u3']]);
  });
});
