import { RE2JS, RE2JSException } from 're2js';

import { type LevelMapping } from '../../contracts/admin';
import { detail, type ErrorDetail } from '../../errors';

/** The raw directory inputs a level is read from. */
export interface LevelSource {
  jobTitle: string | null;
  /** Extension attributes by name (`extensionAttribute1` … `extensionAttribute15`, from onPremisesExtensionAttributes). */
  attributes: Record<string, string | null>;
}

/** The attributes the directory adapter reads (Graph's onPremisesExtensionAttributes); no other name ever has a value. */
export const LEVEL_ATTRIBUTES: readonly string[] = Array.from(
  { length: 15 },
  (_, i) => `extensionAttribute${i + 1}`,
);

export interface Level {
  label: string;
  /** Orders levels for the program's level band; null when the label carries no order. */
  rank: number | null;
}

/**
 * Where a level comes from when a program names no mapping: `extensionAttribute1`, where an HR sync usually puts it
 * (the tenant simulator does too), with the rank read from the label's number ("L4" → 4).
 */
export const DEFAULT_LEVEL_MAPPING: LevelMapping = {
  source: 'extensionAttribute',
  attribute: 'extensionAttribute1',
  levels: [],
};

function rankFromLabel(label: string): number | null {
  const digits = /\d+/.exec(label);
  return digits ? Number(digits[0]) : null;
}

/**
 * Admin patterns run on RE2 (re2js, pure JavaScript): matching is linear in the title's length whatever the
 * pattern, so a pattern like `^(\w+\s?)+$` cannot stall the process that serves every tenant (the native
 * backtracking engine took 20 s on one 45-character title). RE2 has no backreferences or lookaround; those are
 * refused when the mapping is saved (docs/decisions/0009-linear-time-level-patterns.md).
 */
export type LevelPattern = Pick<RE2JS, 'test'>;

/** Why a pattern cannot run on RE2; `code` lets the tab say it in the admin's language. */
export type PatternProblem = 'backreference' | 'lookaround' | 'syntax';

type Compiled = { ok: true; pattern: LevelPattern } | { ok: false; code: PatternProblem; issue: string };

/**
 * Compiled patterns by source: a program's mapping is read from the store on every request, so caching by the
 * pattern text compiles each pattern once per process. Bounded (oldest first out) so many edited mappings cannot
 * grow it without end.
 */
const compiledPatterns = new Map<string, Compiled>();
const MAX_COMPILED_PATTERNS = 1000;

function compileUncached(source: string): Compiled {
  try {
    return { ok: true, pattern: RE2JS.compile(source, RE2JS.CASE_INSENSITIVE) };
  } catch (e) {
    if (!(e instanceof RE2JSException)) throw e;
    if (/\\[1-9]/.test(source))
      return { ok: false, code: 'backreference', issue: 'backreferences (\\1) are not supported' };
    if (/\(\?<?[=!]/.test(source))
      return { ok: false, code: 'lookaround', issue: 'lookahead and lookbehind are not supported' };
    return { ok: false, code: 'syntax', issue: 'not a valid regular expression (RE2 syntax)' };
  }
}

/** The compiled pattern (or why it cannot be compiled), once per pattern text. */
export function compileLevelPattern(source: string): Compiled {
  let compiled = compiledPatterns.get(source);
  if (!compiled) {
    compiled = compileUncached(source);
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) {
      const oldest = compiledPatterns.keys().next();
      if (!oldest.done) compiledPatterns.delete(oldest.value);
    }
    compiledPatterns.set(source, compiled);
  }
  return compiled;
}

function compile(source: string): LevelPattern | null {
  const compiled = compileLevelPattern(source);
  return compiled.ok ? compiled.pattern : null;
}

/** Problems with a mapping an admin sent (bad regular expressions, missing attribute), as field paths. */
export function levelMappingIssues(mapping: LevelMapping): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (mapping.source === 'extensionAttribute' && !mapping.attribute) {
    issues.push(
      detail(
        'levelMapping.attribute',
        'level-attribute-required',
        'name the extension attribute that holds the level',
      ),
    );
  } else if (mapping.source === 'extensionAttribute' && !LEVEL_ATTRIBUTES.includes(mapping.attribute ?? '')) {
    // Accepting another name would silently leave everyone without a level.
    issues.push(
      detail(
        'levelMapping.attribute',
        'level-attribute-unknown',
        'only extensionAttribute1 to extensionAttribute15 are read from the directory',
      ),
    );
  }
  if (mapping.source === 'jobTitle' && mapping.levels.length === 0) {
    issues.push(
      detail(
        'levelMapping.levels',
        'level-patterns-required',
        'list at least one level with a job-title pattern',
      ),
    );
  }
  mapping.levels.forEach((level, index) => {
    if (mapping.source === 'jobTitle' && !level.pattern) {
      issues.push(
        detail(
          `levelMapping.levels.${index}.pattern`,
          'level-pattern-required',
          'a job-title pattern is required',
        ),
      );
    }
    const compiled = level.pattern ? compileLevelPattern(level.pattern) : null;
    if (compiled && !compiled.ok) {
      issues.push(
        detail(`levelMapping.levels.${index}.pattern`, `level-pattern-${compiled.code}`, compiled.issue),
      );
    }
  });
  return issues;
}

/** Reads a person's level with a mapping; null when the directory does not say. */
export function mapLevel(source: LevelSource, mapping: LevelMapping | null): Level | null {
  const m = mapping ?? DEFAULT_LEVEL_MAPPING;
  if (m.source === 'jobTitle') {
    const title = source.jobTitle?.trim();
    if (!title) return null;
    for (const level of m.levels) {
      const pattern = level.pattern ? compile(level.pattern) : null;
      if (pattern?.test(title)) return { label: level.label, rank: level.rank };
    }
    return null;
  }
  const value = m.attribute ? source.attributes[m.attribute]?.trim() : undefined;
  if (!value) return null;
  if (m.levels.length === 0) return { label: value, rank: rankFromLabel(value) };
  for (const level of m.levels) {
    const pattern = level.pattern ? compile(level.pattern) : null;
    if (level.label.toLowerCase() === value.toLowerCase() || pattern?.test(value))
      return { label: level.label, rank: level.rank };
  }
  return null;
}
