import { z } from 'zod';

import { ApiError } from '../api/http';
import { describeError } from '../components/StateViews';
import { loadMessages } from '../i18n/catalogs';
import { createI18n } from '../i18n/i18n';
import { describeIssue, describeIssueCode } from './form-issue';

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
    ['a value not on the list', { ...valid, kind: 'c' }, 'en-GB', 'Choose one of the options offered.'],
    [
      'a fraction where a whole number goes',
      { ...valid, weeks: 1.5 },
      'de-DE',
      'Verwenden Sie eine ganze Zahl.',
    ],
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

describe('an API problem in the reader’s language', () => {
  it.each([
    [
      'de-DE',
      'schedule-too-frequent',
      { hours: 24 },
      'Zwischen zwei Runden müssen mindestens 24 Stunden liegen.',
    ],
    ['fr-FR', 'too-long', { max: 60 }, 'Au plus 60 caractères.'],
    ['en-GB', 'not-unpaired', {}, 'Both people must be unpaired in this round: unpair them first.'],
  ] as const)('%s: %s reads "%s"', (locale, code, params, text) => {
    expect(describeIssueCode({ code, params }, createI18n(locale, 'UTC'))).toBe(text);
  });

  it('a 400 says each problem once, from its code, never the API’s English', () => {
    const error = new ApiError('invalid', 400, 'The request body is not valid.', [
      { path: 'body.notWith', issue: 'you cannot exclude yourself', code: 'not-yourself', params: {} },
      { path: 'body.goals', issue: 'must not repeat an item', code: 'duplicate-items', params: {} },
      { path: 'body.topics', issue: 'must not repeat an item', code: 'duplicate-items', params: {} },
    ]);
    expect(describeError(error, createI18n('de-DE', 'UTC'))).toBe(
      'Einige Angaben müssen geprüft werden: Sie können sich nicht selbst ausschließen. Jeder Eintrag darf nur einmal vorkommen.',
    );
    const bare = new ApiError('invalid', 400, 'The request is not valid.');
    expect(describeError(bare, createI18n('fr-FR', 'UTC'))).toBe(
      'Certaines valeurs sont à vérifier\u202f: Vérifiez cette valeur.',
    );
  });
});
