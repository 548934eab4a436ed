import { z } from 'zod';

import { loadMessages } from '../i18n/catalogs';
import { createI18n } from '../i18n/i18n';
import { describeIssue } from './form-issue';

const schema = z.object({
  name: z.string().trim().min(1).max(5),
  cron: z.string().min(9),
  weeks: z.number().int().min(1).max(26),
  kind: z.enum(['a', 'b']),
});

const firstIssue = (value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a problem');
  return parsed.error.issues[0]!;
};

const valid = { name: 'Ada', cron: '0 9 * * 1', weeks: 12, kind: 'a' };

beforeAll(() => Promise.all([loadMessages('de'), loadMessages('fr')]));

describe('describeIssue', () => {
  it.each([
    ['an empty required text', { ...valid, name: '  ' }, 'en-GB', 'Required.'],
    ['a text too short', { ...valid, cron: '0 9' }, 'en-GB', 'At least 9 characters.'],
    ['a text too long', { ...valid, name: 'Grace Hopper' }, 'en-GB', 'At most 5 characters.'],
    ['a number too small', { ...valid, weeks: 0 }, 'en-GB', 'At least 1.'],
    ['a number too large', { ...valid, weeks: 40 }, 'en-GB', 'At most 26.'],
    ['a value of another kind', { ...valid, kind: 'c' }, 'en-GB', 'Check this value.'],
    ['a text too short, in German', { ...valid, cron: '0 9' }, 'de-DE', 'Mindestens 9 Zeichen.'],
    ['a number too large, in French', { ...valid, weeks: 40 }, 'fr-FR', 'Au plus 26.'],
    ['an empty required text, in French', { ...valid, name: '' }, 'fr-FR', 'Obligatoire.'],
  ])('%s reads "%s"', (_what, value, locale, text) => {
    expect(describeIssue(firstIssue(value), createI18n(locale, 'UTC'))).toBe(text);
  });

  it('never passes on zod’s English message', () => {
    const issue = firstIssue({ ...valid, weeks: 40 });
    expect(describeIssue(issue, createI18n('de-DE', 'UTC'))).not.toContain(issue.message);
  });
});
