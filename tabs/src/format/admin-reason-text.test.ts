import { ATTENTION_CODES } from '../../../functions/src/contracts/admin';
import { loadMessages } from '../i18n/catalogs';
import { createI18n } from '../i18n/i18n';
import {
  describeAttention,
  describeAuditAction,
  describeReasonsForAdmin,
  describeUnmatched,
  unmatchedByReason,
} from './admin-reason-text';

const i18n = createI18n('en-US', 'UTC');
const members = [
  { userId: 'a', displayName: 'Ada' },
  { userId: 'b', displayName: 'Bob' },
];

describe('describeReasonsForAdmin', () => {
  it('writes third-person reasons with names', () => {
    expect(
      describeReasonsForAdmin(
        [
          { kind: 'teaches', data: { teacherId: 'a', learnerId: 'b', topics: ['Go'] } },
          { kind: 'same-level', data: { level: null } },
          { kind: 'overlap-hours', data: { hours: 1 } },
          { kind: 'same-level', data: { level: 'L4' } },
        ],
        members,
        i18n,
      ),
    ).toEqual(['Ada shares Go with Bob', 'Same level', '1 hour of shared working time', 'Same level (L4)']);
  });

  it("names the languages in the reader's language, not by their codes", () => {
    const reasons = [{ kind: 'shared-language' as const, data: { languages: ['en', 'de'] } }];
    expect(describeReasonsForAdmin(reasons, members, i18n)).toEqual(['Common language: English and German']);
    expect(describeReasonsForAdmin(reasons, members, createI18n('de-DE', 'UTC'))).toEqual([
      expect.stringContaining('Englisch und Deutsch'),
    ]);
  });

  it('says the cadence and whether it is the program default', () => {
    expect(
      describeReasonsForAdmin(
        [
          { kind: 'cadence', data: { cadence: 'monthly', basis: 'shared-preference' } },
          { kind: 'cadence', data: { cadence: 'biweekly', basis: 'no-common-preference' } },
        ],
        members,
        i18n,
      ),
    ).toEqual([
      'Meets once a month (their choice; program default differs)',
      'Meets every two weeks (program default; their choices differ)',
    ]);
  });
});

beforeAll(() => Promise.all([loadMessages('de'), loadMessages('fr')]));

describe('describeReasonsForAdmin in German and French', () => {
  it.each([
    ['de-DE', 'Treffen alle zwei Wochen (Standard des Programms)', 'Gleiche Ebene (L4)'],
    ['fr-FR', 'Se retrouvent toutes les deux semaines (rythme du programme)', 'Même niveau (L4)'],
  ])('%s writes the cadence inside the sentence, as the language writes it', (locale, cadence, level) => {
    expect(
      describeReasonsForAdmin(
        [
          { kind: 'cadence', data: { cadence: 'biweekly', basis: 'program-default' } },
          { kind: 'same-level', data: { level: 'L4' } },
        ],
        members,
        createI18n(locale, 'UTC'),
      ),
    ).toEqual([cadence, level]);
  });
});

describe('describeAuditAction', () => {
  it.each([
    ['round.publish', 'en-GB', 'Round published'],
    ['pairing.retry-booking', 'de-DE', 'Buchung wiederholt'],
    ['participants.export', 'fr-FR', 'Participants exportés'],
    // A code from a newer backend stays searchable as it is rather than disappearing.
    ['round.archive', 'de-DE', 'round.archive'],
  ])('%s in %s reads "%s"', (action, locale, text) => {
    expect(describeAuditAction(action, createI18n(locale, 'UTC'))).toBe(text);
  });
});

describe('describeUnmatched', () => {
  const i18n = createI18n('en-GB', 'Europe/London');
  it.each([
    [{ reason: 'calendar-unreachable', detail: 'no-mailbox' }, 'No Outlook mailbox to book in'],
    [
      { reason: 'calendar-unreachable', detail: 'out-of-scope' },
      'Mailbox outside the app’s calendar access scope',
    ],
    [{ reason: 'calendar-unreachable', detail: 'something-new' }, 'Calendar could not be reached'],
    [{ reason: 'no-eligible-peer', detail: 'level-band' }, 'Nobody at a close enough level has joined'],
    [
      { reason: 'no-eligible-peer', detail: 'same-department' },
      'Everyone else who joined is in their department (the program requires another one)',
    ],
    [{ reason: 'no-eligible-peer', detail: null }, 'No eligible peer this round'],
    // The private "not with" list is never named, even to admins.
    [{ reason: 'no-eligible-peer', detail: 'not-with' }, 'No eligible peer this round'],
    [{ reason: 'carried-over-with-priority', detail: null }, 'Odd one out: first in line next round'],
    [{ reason: 'a-code-from-a-newer-backend', detail: 'x' }, 'Not placed this round'],
  ])('%j reads "%s"', (u, text) => {
    expect(describeUnmatched(u, i18n)).toBe(text);
  });

  it('counts people per reason, most common first, with the same words (codes worded alike are one line)', () => {
    expect(
      unmatchedByReason(
        [
          { reason: 'no-eligible-peer', detail: 'level-band', count: 2 },
          { reason: 'calendar-unreachable', detail: 'no-mailbox', count: 3 },
          // Neither rule is named to admins: both read "No eligible peer this round".
          { reason: 'no-eligible-peer', detail: null, count: 1 },
          { reason: 'no-eligible-peer', detail: 'not-with', count: 2 },
        ],
        i18n,
      ),
    ).toEqual([
      // A tie reads alphabetically.
      ['No eligible peer this round', 3],
      ['No Outlook mailbox to book in', 3],
      ['Nobody at a close enough level has joined', 2],
    ]);
  });
});

describe('describeAttention', () => {
  beforeAll(() => Promise.all([loadMessages('de'), loadMessages('fr')]));

  it.each([
    ['en-GB', 'no-mailbox', {}, /^A member has no mailbox Pairwise can book in/],
    ['en-GB', 'calendars-full', { usable: 2, checked: 6 }, /\(best: 2 of 6\)\.$/],
    ['en-GB', 'calendars-full', {}, /on enough sessions\.$/],
    ['en-GB', 'graph-unavailable', { hours: 1 }, /about 1 hour\./],
    ['de-DE', 'graph-unavailable', { hours: 27 }, /etwa 27 Stunden nicht erreichbar/],
    ['de-DE', 'declined-again', {}, /^Ein Mitglied hat die Serie erneut abgelehnt/],
    ['fr-FR', 'calendars-full', { usable: 3, checked: 8 }, /\(au mieux 3 sur 8\)\.$/],
    ['fr-FR', 'other', {}, /^La réservation doit être examinée/],
  ] as const)('%s: %s %j', (locale, code, params, words) => {
    expect(describeAttention({ code, params }, createI18n(locale, 'UTC'))).toMatch(words);
  });

  it('has its own words for every code, in every language, never the code itself', () => {
    for (const locale of ['en-GB', 'de-DE', 'fr-FR']) {
      const texts = ATTENTION_CODES.map((code) =>
        describeAttention({ code, params: {} }, createI18n(locale, 'UTC')),
      );
      expect(new Set(texts).size).toBe(ATTENTION_CODES.length);
      for (const [index, text] of texts.entries()) expect(text).not.toContain(ATTENTION_CODES[index]);
    }
  });
});
