import { type z } from 'zod';

import { type I18n } from '../i18n/i18n';

/**
 * A schema problem in the admin's language. zod's own messages are English ("Too small: expected string to have
 * >=9 characters"), so the form shows the kind of problem and its bound from the catalog instead; anything else
 * reads "Check this value" under its field.
 */
export function describeIssue(issue: z.core.$ZodIssue, i18n: Pick<I18n, 't'>): string {
  const { t } = i18n;
  if (issue.code === 'too_small') {
    const min = Number(issue.minimum);
    if (issue.origin === 'string')
      return min <= 1 ? t('admin.form.error.required') : t('admin.form.error.minLength', { min });
    if (issue.origin === 'number') return t('admin.form.error.min', { min });
  }
  if (issue.code === 'too_big') {
    const max = Number(issue.maximum);
    if (issue.origin === 'string') return t('admin.form.error.maxLength', { max });
    if (issue.origin === 'number') return t('admin.form.error.max', { max });
  }
  return t('admin.form.error.invalid');
}
