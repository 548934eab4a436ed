import {
  EligibilitySchema,
  type LevelMapping,
  LevelMappingSchema,
} from '../../../functions/src/contracts/admin';
import { createI18n } from '../i18n/i18n';
import {
  checkChip,
  cleanLevelMapping,
  type Eligibility,
  eligibilityErrors,
  eligibilitySummary,
  levelMappingErrors,
  levelRange,
  levelsOutsideMapping,
  LIMITS,
} from './program-eligibility';

const en = createI18n('en-GB', 'Pacific/Honolulu');
const us = createI18n('en-US', 'UTC');
const open: Eligibility = { departments: [], levels: [], hireDateFrom: null, hireDateTo: null };

describe('eligibilitySummary', () => {
  it.each<[string, Partial<Eligibility>, string]>([
    ['nothing restricted', {}, 'Open to everyone in the organization.'],
    [
      'departments, a level ladder and a start date',
      { departments: ['Engineering', 'Sales'], levels: ['L3', 'L4', 'L5'], hireDateFrom: '2025-01-01' },
      'Open to people in Engineering and Sales, at levels L3–L5, hired on or after 1 Jan 2025.',
    ],
    ['one level', { levels: ['Senior'] }, 'Open to people at level Senior.'],
    ['levels that are no ladder', { levels: ['3', '5', '6'] }, 'Open to people at levels 3, 5 and 6.'],
    [
      'a hire window',
      { hireDateFrom: '2025-01-01', hireDateTo: '2025-03-31' },
      'Open to people hired between 1 Jan 2025 and 31 Mar 2025.',
    ],
    ['an end date only', { hireDateTo: '2024-12-31' }, 'Open to people hired on or before 31 Dec 2024.'],
  ])('%s', (_name, patch, expected) => {
    // The date stays the calendar date whatever the admin's zone (Honolulu is UTC−10).
    expect(eligibilitySummary({ ...open, ...patch }, en)).toBe(expected);
  });

  it('formats dates in the admin locale', () => {
    expect(eligibilitySummary({ ...open, hireDateFrom: '2025-01-01' }, us)).toBe(
      'Open to people hired on or after Jan 1, 2025.',
    );
  });
});

describe('levelRange', () => {
  it.each<[string[], string | null]>([
    [['3', '4', '5'], '3–5'],
    [['L5', 'L3', 'L4'], 'L3–L5'],
    [['L3', 'M4', 'L5'], null],
    [['L3', 'L4'], null],
    [['L3', 'L5', 'L6'], null],
    [['Senior', 'Staff', 'Principal'], null],
  ])('%j → %s', (levels, expected) => {
    expect(levelRange(levels)).toBe(expected);
  });
});

describe('checkChip', () => {
  it.each<[string, string[], string | null]>([
    ['Sales', ['Engineering'], null],
    ['  ', [], 'Type a name first.'],
    ['engineering', ['Engineering'], 'engineering is already in the list.'],
    ['x'.repeat(101), [], 'At most 100 characters.'],
    ['Ops', ['A', 'B'], 'At most 2 entries.'],
  ])('%s', (value, existing, expected) => {
    expect(checkChip(value, existing, 2, en)).toBe(expected);
  });
});

describe('eligibilityErrors', () => {
  it('accepts an open program and a window in order', () => {
    expect(eligibilityErrors(open, en)).toEqual({});
    expect(eligibilityErrors({ ...open, hireDateFrom: '2025-01-01', hireDateTo: '2025-01-01' }, en)).toEqual(
      {},
    );
  });

  it('flags a window that ends before it starts, on the end date, like the API', () => {
    expect(eligibilityErrors({ ...open, hireDateFrom: '2025-02-01', hireDateTo: '2025-01-31' }, en)).toEqual({
      hireDateTo: 'Must be on or after the "hired on or after" date.',
    });
  });

  it('flags a date that is not a calendar date, and what the contract refuses', () => {
    const bad = { ...open, hireDateFrom: '2025-02-30' };
    expect(eligibilityErrors(bad, en)).toEqual({ hireDateFrom: 'Enter a date like 2025-01-31.' });
    expect(EligibilitySchema.safeParse(bad).success).toBe(false);
    const many = { ...open, levels: Array.from({ length: LIMITS.levels + 1 }, (_, i) => `L${i}`) };
    expect(eligibilityErrors(many, en).levels).toBe('At most 50 entries.');
    expect(EligibilitySchema.safeParse(many).success).toBe(false);
    expect(EligibilitySchema.safeParse({ ...many, levels: many.levels.slice(1) }).success).toBe(true);
  });
});

describe('levelMappingErrors', () => {
  const titles = (levels: LevelMapping['levels']): LevelMapping => ({
    source: 'jobTitle',
    attribute: null,
    levels,
  });

  it('has nothing to say about the tenant default or a complete mapping', () => {
    expect(levelMappingErrors(null, en)).toEqual({});
    const ok = titles([{ label: 'Senior', rank: 5, pattern: '^senior' }]);
    expect(levelMappingErrors(ok, en)).toEqual({});
    expect(LevelMappingSchema.safeParse(ok).success).toBe(true);
  });

  it('asks for an attribute the directory is read for, and for at least one job-title level', () => {
    expect(levelMappingErrors({ source: 'extensionAttribute', attribute: ' ', levels: [] }, en)).toEqual({
      attribute: 'Pick the attribute that holds the level.',
    });
    expect(
      levelMappingErrors({ source: 'extensionAttribute', attribute: 'employeeType', levels: [] }, en),
    ).toEqual({
      attribute:
        'Only extensionAttribute1 to extensionAttribute15 are read from the directory: pick one of them.',
    });
    expect(levelMappingErrors(titles([]), en)).toEqual({
      levels: 'Add at least one level with a job-title pattern.',
    });
  });

  it('checks each row: label, pattern (required for job titles, a valid expression) and rank 0–100', () => {
    const errors = levelMappingErrors(
      titles([
        { label: '', rank: 101, pattern: null },
        { label: 'Lead', rank: 2.5, pattern: '(unclosed' },
        { label: 'Staff', rank: 0, pattern: 'x'.repeat(201) },
      ]),
      en,
    );
    expect(errors).toEqual({
      'levels.0.label': 'Required.',
      'levels.0.pattern': 'Required.',
      'levels.0.rank': 'Between 0 and 100.',
      'levels.1.pattern': 'Not a valid regular expression.',
      'levels.1.rank': 'Between 0 and 100.',
      'levels.2.pattern': 'At most 200 characters.',
    });
  });

  it.each([
    // Valid for the browser's RegExp, refused by RE2 (the server's linear-time engine): caught before saving.
    ['^(senior|lead) \\1$', true, 'Backreferences such as \\1 are not supported'],
    ['^(?!intern).*engineer', true, 'Lookahead and lookbehind'],
    ['(?<=principal )engineer', true, 'Lookahead and lookbehind'],
    ['(?<name>lead', false, 'Not a valid regular expression.'],
  ])('refuses %s as the server would (browser RegExp accepts it: %s)', (pattern, browserAccepts, message) => {
    const compilesInBrowser = (() => {
      try {
        return new RegExp(pattern, 'i') instanceof RegExp;
      } catch {
        return false;
      }
    })();
    expect(compilesInBrowser).toBe(browserAccepts);
    const errors = levelMappingErrors(titles([{ label: 'Lead', rank: 6, pattern }]), en);
    expect(errors['levels.0.pattern']).toContain(message);
  });

  it.each(['^(\\w+\\s?)+$', '^(senior|lead)\\b', '(?i)staff', 'principal.*manager'])(
    'accepts %s, which RE2 runs in linear time',
    (pattern) => {
      expect(levelMappingErrors(titles([{ label: 'Lead', rank: 6, pattern }]), en)).toEqual({});
    },
  );

  it('lets attribute rows go without a pattern, and stops at the schema limit of 50 rows', () => {
    const rows = Array.from({ length: LIMITS.levelRows + 1 }, (_, i) => ({
      label: `L${i}`,
      rank: i,
      pattern: null,
    }));
    const mapping: LevelMapping = {
      source: 'extensionAttribute',
      attribute: 'extensionAttribute2',
      levels: rows,
    };
    expect(levelMappingErrors(mapping, en)).toEqual({ levels: 'At most 50 levels.' });
    expect(LevelMappingSchema.safeParse(mapping).success).toBe(false);
    const fewer = { ...mapping, levels: rows.slice(1) };
    expect(levelMappingErrors(fewer, en)).toEqual({});
    expect(LevelMappingSchema.safeParse(fewer).success).toBe(true);
  });
});

describe('levelsOutsideMapping', () => {
  it('names the eligibility levels a mapping with rows never gives; says nothing when labels come from the directory', () => {
    const rows: LevelMapping = {
      source: 'jobTitle',
      attribute: null,
      levels: [{ label: 'Senior', rank: 5, pattern: '^senior' }],
    };
    expect(levelsOutsideMapping(['senior', 'L3'], rows)).toEqual(['L3']);
    expect(levelsOutsideMapping(['L3'], null)).toEqual([]);
    expect(
      levelsOutsideMapping(['L3'], {
        source: 'extensionAttribute',
        attribute: 'extensionAttribute2',
        levels: [],
      }),
    ).toEqual([]);
  });
});

describe('cleanLevelMapping', () => {
  it('trims labels, sends empty patterns as null and drops the attribute of a job-title mapping', () => {
    expect(
      cleanLevelMapping({
        source: 'jobTitle',
        attribute: 'extensionAttribute1',
        levels: [{ label: ' Senior ', rank: 5, pattern: '^senior' }],
      }),
    ).toEqual({
      source: 'jobTitle',
      attribute: null,
      levels: [{ label: 'Senior', rank: 5, pattern: '^senior' }],
    });
    expect(
      cleanLevelMapping({
        source: 'extensionAttribute',
        attribute: ' extensionAttribute3 ',
        levels: [{ label: 'L4', rank: 4, pattern: '' }],
      }),
    ).toEqual({
      source: 'extensionAttribute',
      attribute: 'extensionAttribute3',
      levels: [{ label: 'L4', rank: 4, pattern: null }],
    });
    expect(cleanLevelMapping(null)).toBeNull();
  });
});
