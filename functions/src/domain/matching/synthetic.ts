import { mulberry32 } from './rng';
import type { Cadence, Goal, MatchingParticipant, PairHistoryEntry, RoundInput, WorkStyle } from './types';

/**
 * A seeded synthetic company for benchmarks, tests and demos: departments of uneven size, a management
 * hierarchy, levels, people spread over three regions (including a half-hour zone), goals, topics, languages
 * and a few past rounds. Pure and deterministic: the same options give the same company.
 */
export interface SyntheticCompanyOptions {
  size: number;
  seed: number;
  kind?: Goal;
  /** Rounds already held (their pairs go into the history); default 3. */
  pastRounds?: number;
  roundStartDate?: string;
}

const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'People',
  'Legal',
  'Operations',
  'Product',
  'Design',
  'Support',
];
const DEPARTMENT_WEIGHTS = [24, 14, 9, 7, 5, 3, 10, 10, 6, 12];
const REGIONS = [
  {
    share: 0.45,
    zones: ['America/New_York', 'America/Chicago', 'America/Toronto', 'America/Denver'],
    language: 'Spanish',
  },
  {
    share: 0.35,
    zones: ['Europe/London', 'Europe/Berlin', 'Europe/Paris', 'Europe/Madrid'],
    language: 'German',
  },
  { share: 0.2, zones: ['Asia/Kolkata', 'Asia/Singapore', 'Asia/Dubai'], language: 'Hindi' },
];
const GOAL_WEIGHTS: Array<[Goal, number]> = [
  ['collaborative-learning', 35],
  ['network-building', 30],
  ['remote-connection', 15],
  ['project-accountability', 15],
  ['onboarding-buddy', 5],
];
const TOPICS = [
  'TypeScript',
  'public speaking',
  'negotiation',
  'data analysis',
  'SQL',
  'design thinking',
  'leadership',
  'time management',
  'cloud architecture',
  'customer discovery',
  'accessibility',
  'writing',
  'finance basics',
  'machine learning',
  'product strategy',
  'coaching',
  'security',
  'UX research',
  'presenting to executives',
  'Excel',
];
const HOURS: Array<[string, string]> = [
  ['09:00', '17:00'],
  ['08:30', '17:00'],
  ['09:00', '17:30'],
  ['10:00', '18:00'],
  ['08:00', '16:00'],
];

export function generateCompany(
  options: SyntheticCompanyOptions,
): RoundInput & { participants: MatchingParticipant[] } {
  const rand = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const weighted = <T>(items: ReadonlyArray<readonly [T, number]>): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = rand() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  const roundStartDate = options.roundStartDate ?? '2026-03-23';
  const startMs = Date.parse(`${roundStartDate}T00:00:00Z`);
  const width = Math.max(4, String(options.size).length);
  const people: MatchingParticipant[] = [];
  const regionOf: number[] = [];
  for (let i = 0; i < options.size; i++) {
    const id = `p${String(i).padStart(width, '0')}`;
    const department = weighted(DEPARTMENTS.map((d, k) => [d, DEPARTMENT_WEIGHTS[k]!] as const));
    const regionIndex = weighted(REGIONS.map((r, k) => [k, r.share] as const));
    const region = REGIONS[regionIndex]!;
    const zone = pick(region.zones);
    const [start, end] = zone === 'Asia/Kolkata' ? (['09:30', '18:00'] as const) : pick(HOURS);
    const level = weighted([
      [1, 10],
      [2, 22],
      [3, 26],
      [4, 20],
      [5, 12],
      [6, 7],
      [7, 3],
    ] as const);
    const goals = new Set<Goal>([weighted(GOAL_WEIGHTS)]);
    while (rand() < 0.55 && goals.size < 3) goals.add(weighted(GOAL_WEIGHTS));
    const learn = new Set<string>();
    const share = new Set<string>();
    for (let t = 1 + Math.floor(rand() * 3); t > 0; t--) learn.add(pick(TOPICS));
    for (let t = 1 + Math.floor(rand() * 3); t > 0; t--) {
      const topic = pick(TOPICS);
      if (!learn.has(topic)) share.add(topic);
    }
    const languages = ['English'];
    if (rand() < 0.3) languages.push(region.language);
    const newJoiner = rand() < 0.12;
    const hireDaysAgo = newJoiner ? Math.floor(rand() * 80) : 120 + Math.floor(rand() * 3000);
    const cadence: MatchingParticipant['cadence'] = weighted<Cadence | Cadence[] | 'any'>([
      ['biweekly', 55],
      ['any', 20],
      [['weekly', 'biweekly'], 15],
      ['weekly', 6],
      ['monthly', 4],
    ]);
    const workStyle = weighted<WorkStyle>([
      ['hybrid', 50],
      ['remote', 35],
      ['onsite', 15],
    ]);
    people.push({
      id,
      name: `Person ${i}`,
      department,
      team: `${department}-${1 + Math.floor(rand() * 4)}`,
      level,
      managerChain: [],
      hireDate: new Date(startMs - hireDaysAgo * 86_400_000).toISOString().slice(0, 10),
      timeZone: zone,
      workingHours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start, end },
      goals: [...goals],
      topicsToLearn: [...learn],
      topicsToShare: [...share],
      languages,
      cadence,
      workStyle,
      notWith: [],
      lastRoundOutcome: rand() < 0.05 ? 'unmatched' : rand() < 0.03 ? 'cancelled' : 'matched',
    });
    regionOf.push(regionIndex);
  }

  // Management: each person reports to someone more senior in the same department, when there is one.
  const order = people.map((_, i) => i).sort((a, b) => people[b]!.level! - people[a]!.level! || a - b);
  const seniorsByDepartment = new Map<string, number[]>();
  for (const i of order) {
    const p = people[i]!;
    // The most recently added seniors of the department (the list runs from most to least senior).
    const all = seniorsByDepartment.get(p.department!) ?? [];
    const seniors: number[] = [];
    for (let t = all.length - 1; t >= 0 && seniors.length < 8; t--) {
      if (people[all[t]!]!.level! > p.level!) seniors.push(all[t]!);
    }
    if (seniors.length > 0) {
      const manager = people[pick(seniors)]!;
      p.managerChain = [manager.id, ...manager.managerChain];
    }
    const list = seniorsByDepartment.get(p.department!);
    if (list === undefined) seniorsByDepartment.set(p.department!, [i]);
    else list.push(i);
  }
  // A few private "not with" choices.
  for (const p of people) if (rand() < 0.02) p.notWith.push(pick(people).id);

  // Past rounds: random pairs within a region, so the cooldown bites on pairs the optimiser would like.
  const pastRounds = options.pastRounds ?? 3;
  const history: PairHistoryEntry[] = [];
  for (let r = 1; r <= pastRounds; r++) {
    for (let region = 0; region < REGIONS.length; region++) {
      const members = people.map((_, i) => i).filter((i) => regionOf[i] === region);
      for (let i = members.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [members[i], members[j]] = [members[j]!, members[i]!];
      }
      for (let i = 0; i + 1 < members.length; i += 2) {
        history.push({ a: people[members[i]!]!.id, b: people[members[i + 1]!]!.id, roundIndex: r });
      }
    }
  }

  return {
    program: {
      kind: options.kind ?? 'collaborative-learning',
      rules: { levelBand: 1, cooldownRounds: 4, minOverlapHours: 2, oddPolicy: 'triad' },
    },
    participants: people,
    history,
    roundIndex: pastRounds + 1,
    roundStartDate,
    seed: options.seed,
  };
}

/**
 * A small program with tight rules, for comparing circles with the exact optimum (tests and the circles bench):
 * n people over four zones (most in London), three levels one apart at most, four departments, goals, topics,
 * cadences and a cooldown history of n / 2 random pairs. Deterministic in its seed.
 */
export function generateSmallProgram(n: number, groupSize: number, seed: number): RoundInput {
  const rand = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin'];
  const goals = ['collaborative-learning', 'network-building', 'remote-connection'] as const;
  const topics = ['a', 'b', 'c', 'd', 'e'];
  const people: MatchingParticipant[] = [];
  for (let i = 0; i < n; i++) {
    const chosen = goals.filter(() => rand() < 0.5);
    people.push({
      id: `u${String(i).padStart(2, '0')}`,
      department: pick(['A', 'B', 'C', 'D']),
      team: null,
      level: 1 + Math.floor(rand() * 3),
      managerChain: [],
      hireDate: '2020-01-01',
      timeZone: rand() < 0.7 ? 'Europe/London' : pick(zones),
      workingHours: null,
      goals: chosen.length > 0 ? chosen : [pick(goals)],
      topicsToLearn: topics.filter(() => rand() < 0.3),
      topicsToShare: topics.filter(() => rand() < 0.3),
      languages: ['English'],
      cadence: pick(['weekly', 'biweekly', 'any', 'any'] as const),
      workStyle: null,
      notWith: [],
      lastRoundOutcome: rand() < 0.1 ? 'unmatched' : 'matched',
    });
  }
  const history: PairHistoryEntry[] = [];
  for (let h = 0; h < n / 2; h++) {
    const a = Math.floor(rand() * n);
    const b = Math.floor(rand() * n);
    if (a !== b) history.push({ a: people[a]!.id, b: people[b]!.id, roundIndex: 8 });
  }
  return {
    program: {
      kind: 'collaborative-learning',
      rules: { levelBand: 1, cooldownRounds: 4, minOverlapHours: 2, oddPolicy: 'triad', groupSize },
    },
    participants: people,
    history,
    roundIndex: 10,
    roundStartDate: '2026-02-16',
    seed,
  };
}
