/**
 * `match preview`: a round planned from CSV files (see match.ts). Loaded only by that command: the matching
 * engine and luxon cost ~0.1 s to load, which `match solve` does not need.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';

import {
  type Cadence,
  CADENCES,
  type Goal,
  GOALS,
  GroupSizeSchema,
  type Weekday,
  WEEKDAYS,
} from '../contracts/common';
import {
  type MatchingParticipant,
  type PairHistoryEntry,
  planRound,
  type RoundInput,
  type WorkStyle,
} from '../domain/matching';
import { detail, ensureError, invalid } from '../errors';
import { readTable } from './csv';
import { USAGE } from './usage';

const WeightsSchema = z
  .strictObject({
    sharedGoal: z.number().int().min(0),
    complementaryTopics: z.number().int().min(0),
    differentDepartment: z.number().int().min(0),
    differentTeam: z.number().int().min(0),
    sharedLanguage: z.number().int().min(0),
    sameWorkStyle: z.number().int().min(0),
    newJoinerTenured: z.number().int().min(0),
    fairness: z.number().int().min(0),
    timeZoneOverlap: z.number().int().min(0),
  })
  .partial();

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

const ProgramFileSchema = z.strictObject({
  kind: z.enum(GOALS).default('collaborative-learning'),
  rules: z
    .strictObject({
      levelBand: z.number().int().min(0).default(1),
      cooldownRounds: z.number().int().min(0).default(4),
      cooldownWeeks: z.number().int().min(0).optional(),
      minOverlapHours: z.number().min(0).max(24).default(2),
      oddPolicy: z.enum(['triad', 'carry-over']).default('triad'),
      newJoinerDays: z.number().int().min(0).optional(),
      crossDepartment: z.enum(['require', 'prefer', 'ignore']).default('prefer'),
      groupSize: GroupSizeSchema.default(2),
    })
    // No rules given: each rule's own default above (one list of defaults, not a second copy to keep in step).
    .prefault({}),
  weights: WeightsSchema.optional(),
  adminBlocks: z.array(z.tuple([z.string().min(1), z.string().min(1)])).default([]),
  roundStartDate: IsoDate.optional(),
  roundIndex: z.number().int().min(0).optional(),
  seed: z.number().int().default(0),
  candidatesPerPerson: z.number().int().min(1).optional(),
  timeBudgetMs: z.number().int().min(0).optional(),
});

const PARTICIPANT_COLUMNS = {
  required: ['id', 'goals'],
  optional: [
    'name',
    'department',
    'team',
    'level',
    'manager_id',
    'hire_date',
    'time_zone',
    'work_start',
    'work_end',
    'work_days',
    'learn',
    'share',
    'languages',
    'cadence',
    'work_style',
    'not_with',
    'last_round',
  ],
} as const;

const DAY_NAMES = new Map<string, Weekday>(
  WEEKDAYS.flatMap((d) => [[d, d] as const, [d.slice(0, 3), d] as const]),
);
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const list = (value: string): string[] =>
  value
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

function readParticipants(fileName: string, text: string): MatchingParticipant[] {
  const rows = readTable(text, fileName, PARTICIPANT_COLUMNS);
  const managerOf = new Map<string, string>();
  const people: MatchingParticipant[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const fail = (column: string, message: string): never => {
      throw invalid(`${fileName}:${row.line}: column "${column}": ${message}`, [
        // The CLI prints the message: the detail's code is for the tab, which never sees these.
        detail(`line ${row.line}.${column}`, 'invalid', message),
      ]);
    };
    const id = row.get('id');
    if (id === '') fail('id', 'an id is required');
    if (seen.has(id)) fail('id', `"${id}" appears twice`);
    seen.add(id);
    const levelText = row.get('level');
    const level = levelText === '' ? null : Number(levelText);
    if (level !== null && !Number.isInteger(level)) fail('level', `"${levelText}" is not a whole number`);
    const hireDate = row.get('hire_date');
    if (hireDate !== '' && (!IsoDate.safeParse(hireDate).success || Number.isNaN(Date.parse(hireDate)))) {
      fail('hire_date', `"${hireDate}" is not a YYYY-MM-DD date`);
    }
    const timeZone = row.get('time_zone');
    if (timeZone !== '' && !IANAZone.isValidZone(timeZone))
      fail('time_zone', `"${timeZone}" is not an IANA time zone`);
    const start = row.get('work_start') || '09:00';
    const end = row.get('work_end') || '17:00';
    if (!HH_MM.test(start)) fail('work_start', `"${start}" is not HH:mm`);
    if (!HH_MM.test(end)) fail('work_end', `"${end}" is not HH:mm`);
    const dayNames = list(row.get('work_days') || 'mon;tue;wed;thu;fri');
    const days = dayNames.map(
      (d) => DAY_NAMES.get(d.toLowerCase()) ?? fail('work_days', `"${d}" is not a weekday`),
    );
    const goals = list(row.get('goals'));
    if (goals.length === 0) fail('goals', 'at least one goal is required');
    for (const g of goals)
      if (!(GOALS as readonly string[]).includes(g))
        fail('goals', `"${g}" is not one of ${GOALS.join(', ')}`);
    const cadenceText = list(row.get('cadence') || 'any');
    let cadence: MatchingParticipant['cadence'];
    if (cadenceText.length === 1 && cadenceText[0] === 'any') cadence = 'any';
    else {
      for (const c of cadenceText)
        if (!(CADENCES as readonly string[]).includes(c))
          fail('cadence', `"${c}" is not any, ${CADENCES.join(', ')}`);
      cadence = cadenceText.length === 1 ? (cadenceText[0] as Cadence) : (cadenceText as Cadence[]);
    }
    const workStyle = row.get('work_style');
    if (workStyle !== '' && !['remote', 'hybrid', 'onsite'].includes(workStyle))
      fail('work_style', `"${workStyle}" is not remote, hybrid or onsite`);
    const lastRound = row.get('last_round');
    if (lastRound !== '' && !['matched', 'unmatched', 'cancelled'].includes(lastRound)) {
      fail('last_round', `"${lastRound}" is not matched, unmatched or cancelled`);
    }
    const managerId = row.get('manager_id');
    if (managerId !== '') managerOf.set(id, managerId);
    people.push({
      id,
      name: row.get('name') || undefined,
      department: row.get('department') || null,
      team: row.get('team') || null,
      level,
      managerChain: [],
      hireDate: hireDate || null,
      timeZone: timeZone || null,
      workingHours: { days, start, end },
      goals: goals as Goal[],
      topicsToLearn: list(row.get('learn')),
      topicsToShare: list(row.get('share')),
      languages: list(row.get('languages')),
      cadence,
      workStyle: (workStyle || null) as WorkStyle | null,
      notWith: list(row.get('not_with')),
      lastRoundOutcome: (lastRound || null) as MatchingParticipant['lastRoundOutcome'],
    });
  }
  // Management chain: follow manager_id upwards through the file (a manager outside the file ends the chain).
  for (const p of people) {
    const chain: string[] = [];
    for (
      let m = managerOf.get(p.id);
      m !== undefined && !chain.includes(m) && m !== p.id;
      m = managerOf.get(m)
    )
      chain.push(m);
    p.managerChain = chain;
  }
  return people;
}

function readHistory(fileName: string, text: string): PairHistoryEntry[] {
  const rows = readTable(text, fileName, { required: ['a', 'b'], optional: ['round', 'date'] });
  return rows.map((row) => {
    const entry: PairHistoryEntry = { a: row.get('a'), b: row.get('b') };
    if (entry.a === '' || entry.b === '')
      throw invalid(`${fileName}:${row.line}: columns "a" and "b" are required`);
    const roundText = row.get('round');
    const date = row.get('date');
    if (roundText === '' && date === '') throw invalid(`${fileName}:${row.line}: give a "round" or a "date"`);
    if (roundText !== '') {
      const r = Number(roundText);
      if (!Number.isInteger(r))
        throw invalid(`${fileName}:${row.line}: column "round": "${roundText}" is not a whole number`);
      entry.roundIndex = r;
    }
    if (date !== '') {
      if (!IsoDate.safeParse(date).success || Number.isNaN(Date.parse(date))) {
        throw invalid(`${fileName}:${row.line}: column "date": "${date}" is not a YYYY-MM-DD date`);
      }
      entry.date = date;
    }
    return entry;
  });
}

function readProgram(fileName: string, text: string): z.infer<typeof ProgramFileSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalid(`${fileName}: not valid JSON (${ensureError(e).message})`);
  }
  const parsed = ProgramFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`${fileName}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The Monday on or after today (UTC), the default first day of a previewed round. */
function nextMonday(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + ((8 - day.getUTCDay()) % 7));
  return day.toISOString().slice(0, 10);
}

export function preview(args: readonly string[], readFile: (path: string) => string): unknown {
  let participantsPath: string | undefined;
  let historyPath: string | undefined;
  let programPath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--history' || arg === '--program') {
      const value = args[++i];
      if (value === undefined) throw invalid(`${arg} needs a file path\n${USAGE}`);
      if (arg === '--history') historyPath = value;
      else programPath = value;
    } else if (participantsPath === undefined && !arg.startsWith('--')) {
      participantsPath = arg;
    } else {
      throw invalid(`unexpected argument "${arg}"\n${USAGE}`);
    }
  }
  if (participantsPath === undefined) throw invalid(`the participants CSV is required\n${USAGE}`);
  const read = (path: string): string => {
    try {
      return readFile(path);
    } catch (e) {
      throw invalid(`${path}: cannot read the file (${ensureError(e).message})`);
    }
  };
  const participants = readParticipants(participantsPath, read(participantsPath));
  const history = historyPath === undefined ? [] : readHistory(historyPath, read(historyPath));
  const program =
    programPath === undefined ? readProgram('(defaults)', '{}') : readProgram(programPath, read(programPath));
  const lastRound = history.reduce((max, h) => Math.max(max, h.roundIndex ?? 0), 0);
  const input: RoundInput = {
    program: {
      kind: program.kind,
      rules: program.rules,
      weights: program.weights,
      adminBlocks: program.adminBlocks,
    },
    participants,
    history,
    roundIndex: program.roundIndex ?? lastRound + 1,
    roundStartDate: program.roundStartDate ?? nextMonday(new Date()),
    seed: program.seed,
    candidatesPerPerson: program.candidatesPerPerson,
    timeBudgetMs: program.timeBudgetMs,
  };
  let result;
  try {
    result = planRound(input);
  } catch (e) {
    if (e instanceof RangeError) throw invalid(e.message);
    throw e;
  }
  const names = new Map(participants.map((p) => [p.id, p.name ?? p.id] as const));
  // Timings are left out so two previews of the same input are byte-identical.
  const { timings: _timings, ...round } = result;
  return {
    roundStartDate: input.roundStartDate,
    roundIndex: input.roundIndex,
    ...round,
    pairings: round.pairings.map((p) => ({ ...p, names: p.members.map((id) => names.get(id)!) })),
  };
}
