import { z } from 'zod';

/**
 * What is wrong with one field of a request, as a stable code and its parameters: the API sends them in each
 * 400's `error.details[]` beside `issue` (the same in plain English, for API clients), and the tab words them in
 * the reader's language (`issue.<code>` in its catalogs). The tab's own form checks use the same codes through
 * `issueOf`, so a problem reads the same whether the form or the API found it.
 */
export const ISSUE_CODES = [
  // From the schemas (issueOf).
  'required',
  'too-short',
  'too-long',
  'too-small',
  'too-large',
  'too-few',
  'too-many',
  'not-whole-number',
  'wrong-type',
  'not-allowed',
  'invalid-format',
  'unknown-field',
  'duplicate-items',
  'malformed-json',
  // Refinements in the schemas (their `params.issue`).
  'rating-required',
  'two-different-people',
  // Checks the services make.
  'time-zone-unknown',
  'schedule-fields',
  'schedule-invalid',
  'schedule-too-frequent',
  'hire-dates-order',
  'circles-not-for-onboarding',
  'level-attribute-required',
  'level-attribute-unknown',
  'level-patterns-required',
  'level-pattern-required',
  'level-pattern-backreference',
  'level-pattern-lookaround',
  'level-pattern-syntax',
  'not-yourself',
  'pause-until-range',
  'not-a-participant',
  'no-live-pairing',
  'not-unpaired',
  'not-in-live-pairing',
  'same-pairing',
  'no-such-session',
  'session-not-started',
  'too-many-goals',
  'not-a-goal',
  'header-required',
  'header-too-long',
  'continuation-token',
  // Anything else.
  'invalid',
] as const;
export const IssueCodeSchema = z.enum(ISSUE_CODES);
export type IssueCode = z.infer<typeof IssueCodeSchema>;

/** Numbers and short words the wording needs ("at least {min} characters"); never the value that was sent. */
export const IssueParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type IssueParams = z.infer<typeof IssueParamsSchema>;

export interface Issue {
  code: IssueCode;
  params: IssueParams;
}

/** A refinement's code rides in its `params`: `.refine(check, { message, params: issueParams('…') })`. */
export const issueParams = (code: IssueCode): { issue: IssueCode } => ({ issue: code });

const BOUND_CODES = {
  too_small: { string: 'too-short', number: 'too-small', array: 'too-few', set: 'too-few' },
  too_big: { string: 'too-long', number: 'too-large', array: 'too-many', set: 'too-many' },
} as const satisfies Record<string, Record<string, IssueCode>>;

/** The code (and bounds) of a zod issue; zod's own message is English and stays out of the tab. */
export function issueOf(issue: z.core.$ZodIssue): Issue {
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      // A text that must not be empty ("at least 1 character", after trimming) is simply required.
      if (issue.origin === 'string' && min <= 1) return { code: 'required', params: {} };
      const code = BOUND_CODES.too_small[issue.origin as keyof typeof BOUND_CODES.too_small];
      return code ? { code, params: { min } } : { code: 'invalid', params: {} };
    }
    case 'too_big': {
      const code = BOUND_CODES.too_big[issue.origin as keyof typeof BOUND_CODES.too_big];
      return code ? { code, params: { max: Number(issue.maximum) } } : { code: 'invalid', params: {} };
    }
    case 'invalid_type': {
      const missing =
        'input' in issue ? issue.input === undefined : /received undefined$/.test(issue.message);
      if (missing) return { code: 'required', params: {} };
      if (issue.expected === 'int') return { code: 'not-whole-number', params: {} };
      return { code: 'wrong-type', params: { expected: issue.expected } };
    }
    case 'invalid_value':
      return { code: 'not-allowed', params: {} };
    case 'invalid_format':
      return { code: 'invalid-format', params: { format: issue.format } };
    case 'unrecognized_keys':
      return { code: 'unknown-field', params: { fields: issue.keys.join(', ') } };
    case 'custom': {
      const parsed = IssueCodeSchema.safeParse(issue.params?.issue);
      return { code: parsed.success ? parsed.data : 'invalid', params: {} };
    }
    default:
      return { code: 'invalid', params: {} };
  }
}

/** One problem of a 400 answer: the field's path, the problem in English, and its code for the tab's words. */
export const ErrorDetailSchema = z.object({
  path: z.string(),
  issue: z.string(),
  // An API newer than the tab may know more codes: the tab then says "check this value".
  code: IssueCodeSchema.catch('invalid'),
  params: IssueParamsSchema.catch({}),
});
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;
