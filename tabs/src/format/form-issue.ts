import { type z } from 'zod';

import { type Issue, issueOf } from '../../../functions/src/contracts/issues';
import { type I18n } from '../i18n/i18n';

/**
 * A problem with a field in the reader's language, from its code (contracts/issues.ts): the same words whether the
 * form's own check or the API found it. zod's and the API's English (`issue`) never reach the screen.
 */
export function describeIssueCode(issue: Issue, i18n: Pick<I18n, 't'>): string {
  return i18n.t(`issue.${issue.code}`, issue.params);
}

/** A schema problem the form found before sending. */
export function describeIssue(issue: z.core.$ZodIssue, i18n: Pick<I18n, 't'>): string {
  return describeIssueCode(issueOf(issue), i18n);
}
