import { type LevelMapping, type ProgramInput } from '../../../functions/src/contracts/admin';
import { compileLevelPattern, LEVEL_ATTRIBUTES } from '../../../functions/src/domain/levels/level-mapping';
import { type I18n } from '../i18n/i18n';
import { type MessageKey } from '../i18n/messages-en';

export type Eligibility = ProgramInput['eligibility'];

/** The limits of EligibilitySchema and LevelMappingSchema (contracts/admin.ts); the tests check they agree. */
export const LIMITS = {
  label: 100,
  departments: 200,
  levels: 50,
  levelRows: 50,
  pattern: 200,
  rankMin: 0,
  rankMax: 100,
} as const;

/** The directory attributes a level can be read from (the backend refuses any other name). */
export { LEVEL_ATTRIBUTES };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** Checks a department or level before it is added as a chip; the message to show, or null when it may be added. */
export function checkChip(
  value: string,
  existing: readonly string[],
  max: number,
  i18n: Pick<I18n, 't'>,
): string | null {
  const trimmed = value.trim();
  if (trimmed.length === 0) return i18n.t('admin.chips.error.empty');
  if (trimmed.length > LIMITS.label) return i18n.t('admin.chips.error.long', { max: LIMITS.label });
  if (existing.some((e) => e.toLowerCase() === trimmed.toLowerCase()))
    return i18n.t('admin.chips.error.duplicate', { value: trimmed });
  if (existing.length >= max) return i18n.t('admin.chips.error.limit', { max });
  return null;
}

export type EligibilityErrors = Partial<
  Record<'departments' | 'levels' | 'hireDateFrom' | 'hireDateTo', string>
>;

/** What the admin must fix in "who can join" before saving (the API refuses the same things). */
export function eligibilityErrors(e: Eligibility, i18n: Pick<I18n, 't'>): EligibilityErrors {
  const errors: EligibilityErrors = {};
  if (e.departments.length > LIMITS.departments)
    errors.departments = i18n.t('admin.chips.error.limit', { max: LIMITS.departments });
  if (e.levels.length > LIMITS.levels)
    errors.levels = i18n.t('admin.chips.error.limit', { max: LIMITS.levels });
  if (e.hireDateFrom !== null && !isIsoDate(e.hireDateFrom))
    errors.hireDateFrom = i18n.t('admin.eligibility.error.date');
  if (e.hireDateTo !== null && !isIsoDate(e.hireDateTo))
    errors.hireDateTo = i18n.t('admin.eligibility.error.date');
  if (
    !errors.hireDateFrom &&
    !errors.hireDateTo &&
    e.hireDateFrom &&
    e.hireDateTo &&
    e.hireDateFrom > e.hireDateTo
  )
    errors.hireDateTo = i18n.t('issue.hire-dates-order');
  return errors;
}

/**
 * Checked by the engine the server runs patterns on (RE2 through re2js, linear time): a pattern the browser's own
 * RegExp accepts but RE2 refuses (a backreference, a lookahead) is caught here, under its field, before saving.
 */
function patternProblemKey(pattern: string): MessageKey | null {
  const compiled = compileLevelPattern(pattern);
  return compiled.ok ? null : `issue.level-pattern-${compiled.code}`;
}

/** Field paths (`attribute`, `levels`, `levels.2.pattern`) → the message to show under that field. */
export type LevelMappingErrors = Record<string, string>;

/** What the admin must fix in the level mapping; mirrors LevelMappingSchema and the backend's levelMappingIssues. */
export function levelMappingErrors(m: LevelMapping | null, i18n: Pick<I18n, 't'>): LevelMappingErrors {
  const errors: LevelMappingErrors = {};
  if (m === null) return errors;
  if (m.source === 'extensionAttribute') {
    if (!m.attribute?.trim()) errors.attribute = i18n.t('issue.level-attribute-required');
    else if (!LEVEL_ATTRIBUTES.includes(m.attribute.trim()))
      errors.attribute = i18n.t('issue.level-attribute-unknown');
  }
  if (m.source === 'jobTitle' && m.levels.length === 0)
    errors.levels = i18n.t('issue.level-patterns-required');
  if (m.levels.length > LIMITS.levelRows)
    errors.levels = i18n.t('admin.levelMapping.error.tooMany', { max: LIMITS.levelRows });
  m.levels.forEach((row, i) => {
    const label = row.label.trim();
    if (label.length === 0) errors[`levels.${i}.label`] = i18n.t('issue.required');
    else if (label.length > LIMITS.label)
      errors[`levels.${i}.label`] = i18n.t('admin.chips.error.long', { max: LIMITS.label });
    const pattern = row.pattern ?? '';
    if (pattern.length === 0) {
      if (m.source === 'jobTitle') errors[`levels.${i}.pattern`] = i18n.t('issue.required');
    } else if (pattern.length > LIMITS.pattern) {
      errors[`levels.${i}.pattern`] = i18n.t('admin.chips.error.long', { max: LIMITS.pattern });
    } else {
      const problem = patternProblemKey(pattern);
      if (problem) errors[`levels.${i}.pattern`] = i18n.t(problem);
    }
    if (!Number.isInteger(row.rank) || row.rank < LIMITS.rankMin || row.rank > LIMITS.rankMax)
      errors[`levels.${i}.rank`] = i18n.t('admin.form.error.range', {
        min: LIMITS.rankMin,
        max: LIMITS.rankMax,
      });
  });
  return errors;
}

/** The mapping as the API wants it: labels trimmed, empty optional patterns as null. */
export function cleanLevelMapping(m: LevelMapping | null): LevelMapping | null {
  if (m === null) return null;
  return {
    source: m.source,
    attribute: m.source === 'extensionAttribute' ? (m.attribute?.trim() ?? null) : null,
    levels: m.levels.map((row) => ({
      label: row.label.trim(),
      rank: row.rank,
      pattern: row.pattern ? row.pattern : null,
    })),
  };
}

/**
 * "L3, L4, L5" → "L3–L5" and "3, 4, 5" → "3–5" when the labels are one prefix with consecutive numbers (the usual
 * ladder); anything else is listed as it is.
 */
export function levelRange(levels: readonly string[]): string | null {
  if (levels.length < 3) return null;
  const parts = levels.map((l) => /^(\D*?)\s*(\d+)$/.exec(l.trim()));
  if (parts.some((p) => p === null)) return null;
  const matches = parts as RegExpExecArray[];
  const prefix = matches[0]![1] ?? '';
  if (matches.some((m) => (m[1] ?? '').toLowerCase() !== prefix.toLowerCase())) return null;
  const sorted = matches.map((m) => ({ n: Number(m[2]), label: m.input.trim() })).sort((a, b) => a.n - b.n);
  if (sorted.some((s, i) => i > 0 && s.n !== sorted[i - 1]!.n + 1)) return null;
  return `${sorted[0]!.label}–${sorted.at(-1)!.label}`;
}

/** A date-only ISO value ("2025-01-01") as a medium date in the admin's locale, independent of time zones. */
export function formatIsoDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

/** "Open to people in Engineering and Sales, at levels L3–L5, hired on or after Jan 1, 2025." */
export function eligibilitySummary(e: Eligibility, i18n: Pick<I18n, 't' | 'locale' | 'formatList'>): string {
  const clauses: string[] = [];
  if (e.departments.length > 0)
    clauses.push(
      i18n.t('admin.eligibility.summary.departments', { departments: i18n.formatList(e.departments) }),
    );
  if (e.levels.length > 0)
    clauses.push(
      i18n.t('admin.eligibility.summary.levels', {
        count: e.levels.length,
        levels: levelRange(e.levels) ?? i18n.formatList(e.levels),
      }),
    );
  const from =
    e.hireDateFrom && isIsoDate(e.hireDateFrom) ? formatIsoDate(e.hireDateFrom, i18n.locale) : null;
  const to = e.hireDateTo && isIsoDate(e.hireDateTo) ? formatIsoDate(e.hireDateTo, i18n.locale) : null;
  if (from && to) clauses.push(i18n.t('admin.eligibility.summary.hiredBetween', { from, to }));
  else if (from) clauses.push(i18n.t('admin.eligibility.summary.hiredFrom', { from }));
  else if (to) clauses.push(i18n.t('admin.eligibility.summary.hiredTo', { to }));
  if (clauses.length === 0) return i18n.t('admin.eligibility.summary.everyone');
  const joined = new Intl.ListFormat(i18n.locale, { type: 'unit', style: 'short' }).format(clauses);
  return i18n.t('admin.eligibility.summary', { clauses: joined });
}

/**
 * Eligibility levels that the program's own level mapping can never produce (it names its levels in rows), so a
 * restriction to them would exclude everyone. Null or row-less mappings take labels from the directory: unknown here.
 */
export function levelsOutsideMapping(levels: readonly string[], mapping: LevelMapping | null): string[] {
  if (!mapping || mapping.levels.length === 0) return [];
  const known = new Set(mapping.levels.map((l) => l.label.trim().toLowerCase()));
  return levels.filter((l) => !known.has(l.trim().toLowerCase()));
}
