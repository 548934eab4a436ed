import { ACTIVITY_TYPE_NAMES } from '../../contracts/activity-types';
import { type PairingReason } from '../../contracts/common';
import { NOT_PAIRED_WHYS, type TextCatalog } from './catalog';
import { ENGLISH, languagesOf, localeFor, TEXT_LANGUAGES, textLocaleOf } from './locale';
import {
  activityPreview,
  calendarComment,
  CATALOGS,
  formatDate,
  formatDay,
  listOf,
  MAX_PREVIEW_LENGTH,
  notPairedPreview,
  notPairedWhy,
  reasonText,
} from './render';

const en = textLocaleOf('en-GB');
const us = textLocaleOf('en-US');
const de = textLocaleOf('de-DE');
const fr = textLocaleOf('fr-FR');

describe('localeFor', () => {
  it.each([
    [
      'mailbox language wins over the directory',
      { mailboxLanguage: 'de-DE', preferredLanguage: 'fr-FR' },
      'de',
      'de-DE',
    ],
    [
      'no mailbox language: the directory’s',
      { mailboxLanguage: null, preferredLanguage: 'fr-FR' },
      'fr',
      'fr-FR',
    ],
    [
      'a blank mailbox language counts as none',
      { mailboxLanguage: '  ', preferredLanguage: 'fr-CA' },
      'fr',
      'fr-CA',
    ],
    ['Graph’s lower-case locale, canonical case kept', { mailboxLanguage: 'de-at' }, 'de', 'de-AT'],
    ['a Swiss variant reads German, formats Swiss', { mailboxLanguage: 'de-CH' }, 'de', 'de-CH'],
    ['Canadian French reads French', { preferredLanguage: 'fr-CA' }, 'fr', 'fr-CA'],
    ['a bare language', { preferredLanguage: 'de' }, 'de', 'de'],
    ['an underscore tag', { mailboxLanguage: 'fr_FR' }, 'fr', 'fr-FR'],
    ['odd case', { preferredLanguage: 'EN-gb' }, 'en', 'en-GB'],
    [
      'an unsupported mailbox language reads English, not the directory’s',
      { mailboxLanguage: 'es-ES', preferredLanguage: 'de-DE' },
      'en',
      'en',
    ],
    ['an unsupported script variant reads English', { preferredLanguage: 'zh-Hans-CN' }, 'en', 'en'],
    [
      'garbage is skipped, the next source decides',
      { mailboxLanguage: 'not a tag!', preferredLanguage: 'de-DE' },
      'de',
      'de-DE',
    ],
    ['nothing known', { mailboxLanguage: null, preferredLanguage: null }, 'en', 'en'],
    ['no facts at all', null, 'en', 'en'],
  ])('%s', (_, facts, language, tag) => {
    expect(localeFor(facts)).toEqual({ language, tag });
  });

  it('languagesOf keeps the first reader’s language first, each other language once, with its first tag', () => {
    expect(languagesOf([en, textLocaleOf('de-AT'), us, de, fr])).toEqual([
      en,
      { language: 'de', tag: 'de-AT' },
      fr,
    ]);
    expect(languagesOf([])).toEqual([ENGLISH]);
  });
});

/** Every text of a catalog, functions called with sample values, by path. */
function textsOf(catalog: TextCatalog): Map<string, string> {
  const sample = {
    program: 'P',
    group: false,
    date: 'D',
    departments: 'X',
    goals: 'G',
    count: 2,
    teacher: 'T',
    learner: 'L',
    topics: 'Q',
    hours: 3,
    languages: 'Z',
    newJoiner: 'N',
    when: 'W',
    basis: 'shared-preference',
  };
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') out.set(path, value);
    else if (typeof value === 'function') out.set(path, (value as (p: typeof sample) => string)(sample));
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
  };
  walk(catalog, '');
  return out;
}

describe('catalogs', () => {
  it.each(TEXT_LANGUAGES.filter((l) => l !== 'en'))('%s translates every English text', (language) => {
    const english = textsOf(CATALOGS.en);
    const other = textsOf(CATALOGS[language]);
    expect([...other.keys()]).toEqual([...english.keys()]);
    for (const [path, text] of other) {
      expect(text.trim()).not.toBe('');
      expect({ path, text }).not.toEqual({ path, text: english.get(path) });
    }
  });

  it('every activity type has a preview, and the not-paired notice its own words, in every language', () => {
    for (const language of TEXT_LANGUAGES) {
      for (const type of ACTIVITY_TYPE_NAMES.filter((t) => t !== 'notPaired'))
        expect(activityPreview(textLocaleOf(language), type)).toBeTruthy();
      for (const why of NOT_PAIRED_WHYS) expect(CATALOGS[language].notPaired[why]).toBeTruthy();
    }
  });
});

describe('formatting through Intl', () => {
  it.each([
    [en, ['Ana', 'Ravi', 'Mei'], 'Ana, Ravi and Mei'],
    [us, ['Ana', 'Ravi', 'Mei'], 'Ana, Ravi, and Mei'],
    [de, ['Ana', 'Ravi', 'Mei'], 'Ana, Ravi und Mei'],
    [fr, ['Ana', 'Ravi', 'Mei'], 'Ana, Ravi et Mei'],
    [de, ['Ana'], 'Ana'],
  ])('lists in %j', (locale, words, expected) => {
    expect(listOf(locale, words)).toBe(expected);
  });

  it.each([
    [en, '28 May 2027'],
    [us, 'May 28, 2027'],
    [de, '28. Mai 2027'],
    [textLocaleOf('de-CH'), '28. Mai 2027'],
    [fr, '28 mai 2027'],
    [textLocaleOf('fr-CA'), '28 mai 2027'],
  ])('a calendar date in %j', (locale, expected) => {
    expect(formatDate(locale, '2027-05-28')).toBe(expected);
  });

  it.each([
    ['Europe/Berlin', '7. Januar 2027'],
    ['America/Los_Angeles', '6. Januar 2027'],
    [null, '6. Januar 2027'],
    ['Not/AZone', '6. Januar 2027'],
  ])('an instant’s day in the reader’s zone %s', (zone, expected) => {
    expect(formatDay(de, Date.parse('2027-01-06T23:30:00Z'), zone)).toBe(expected);
  });
});

describe('reasonText', () => {
  const names = new Map([
    ['ana', 'Ana'],
    ['ravi', 'Ravi'],
  ]);
  const reasons: Array<[string, PairingReason, string, string, string]> = [
    [
      'same level',
      { kind: 'same-level', data: { level: 'L3' } },
      'You are at a similar level, so you can speak as peers.',
      'Sie sind auf einer ähnlichen Ebene und können auf Augenhöhe sprechen.',
      'Vous êtes à un niveau similaire et pouvez échanger d’égal à égal.',
    ],
    [
      'named departments',
      { kind: 'different-department', data: { departments: ['Sales', 'Legal'] } },
      'You work in different departments (Sales and Legal).',
      'Sie arbeiten in verschiedenen Abteilungen (Sales und Legal).',
      'Vous travaillez dans des services différents (Sales et Legal).',
    ],
    [
      'two goals',
      { kind: 'shared-goal', data: { goals: ['network-building', 'remote-connection'] } },
      'You share goals: network building and remote connection.',
      'Sie haben gemeinsame Ziele: Netzwerkaufbau und Verbindung trotz Remote-Arbeit.',
      'Vous partagez des objectifs\u202f: développement du réseau et lien à distance.',
    ],
    [
      'an unknown teacher reads "one of you", capitalised',
      { kind: 'teaches', data: { teacherId: 'gone', learnerId: 'ana', topics: ['SQL', 'Excel'] } },
      'One of you can share what Ana wants to learn: SQL and Excel.',
      'Jemand von Ihnen kann weitergeben, was Ana lernen möchte: SQL und Excel.',
      'L’un de vous peut transmettre ce que Ana souhaite apprendre\u202f: SQL et Excel.',
    ],
    [
      'one hour of overlap is singular',
      { kind: 'overlap-hours', data: { hours: 1.2 } },
      'Your working hours overlap by about 1 hour.',
      'Ihre Arbeitszeiten überschneiden sich um etwa 1 Stunde.',
      'Vos horaires de travail se recoupent d’environ 1 heure.',
    ],
    [
      'languages named in the reader’s language',
      { kind: 'shared-language', data: { languages: ['en', 'de'] } },
      'You both speak English and German.',
      'Sie sprechen beide Englisch und Deutsch.',
      'Vous parlez tous les deux anglais et allemand.',
    ],
    [
      'new joiner',
      { kind: 'new-joiner-buddy', data: { newJoinerId: 'ravi' } },
      'Ravi is new here and the other knows the ropes.',
      'Ravi ist neu hier, die andere Person kennt sich schon aus.',
      'Ravi vient d’arriver et l’autre connaît déjà la maison.',
    ],
    [
      'the program’s rhythm',
      { kind: 'cadence', data: { cadence: 'monthly', basis: 'program-default' } },
      "You meet once a month, the program's rhythm, which you both accept.",
      'Sie treffen sich einmal im Monat – im Rhythmus des Programms, mit dem Sie beide einverstanden sind.',
      'Vous vous retrouvez une fois par mois, au rythme du programme, qui convient à vous deux.',
    ],
  ];

  it.each(reasons)('%s', (_, reason, english, deutsch, francais) => {
    expect(reasonText(en, reason, names)).toBe(english);
    expect(reasonText(de, reason, names)).toBe(deutsch);
    expect(reasonText(fr, reason, names)).toBe(francais);
  });

  it('a group of three reads as three; an admin’s override is never shown', () => {
    const three = new Map([...names, ['mei', 'Mei']]);
    expect(reasonText(de, { kind: 'new-joiner-buddy', data: { newJoinerId: 'mei' } }, three)).toBe(
      'Mei ist neu hier, die anderen kennen sich schon aus.',
    );
    expect(reasonText(fr, { kind: 'admin-override', data: {} }, names)).toBeUndefined();
  });
});

describe('calendarComment', () => {
  it.each([
    [[en, de], 'ended', `${CATALOGS.en.calendarComments.ended}\n\n${CATALOGS.de.calendarComments.ended}`],
    [[de, textLocaleOf('de-AT')], 'rebooked', CATALOGS.de.calendarComments.rebooked],
    [
      [fr, en, de],
      'orphan',
      ['fr', 'en', 'de'].map((l) => CATALOGS[l as 'en'].calendarComments.orphan).join('\n\n'),
    ],
    [[], 'ended', CATALOGS.en.calendarComments.ended],
  ] as const)('readers %j, %s', (readers, kind, expected) => {
    expect(calendarComment(readers, kind)).toBe(expected);
  });
});

describe('the not-paired notice', () => {
  it.each([
    [{ reason: 'no-eligible-peer', detail: 'level-band' }, 'no-eligible-peer.level-band'],
    // Someone's private "not with" list is never named as the cause; an admin's block neither.
    [{ reason: 'no-eligible-peer', detail: 'not-with' }, 'no-eligible-peer'],
    [{ reason: 'no-eligible-peer', detail: 'admin-block' }, 'no-eligible-peer'],
    [{ reason: 'calendar-unreachable', detail: 'out-of-scope' }, 'calendar-unreachable.out-of-scope'],
    [{ reason: 'calendar-unreachable', detail: 'unknown' }, 'calendar-unreachable'],
    [{ reason: 'carried-over-with-priority', detail: null }, 'carried-over-with-priority'],
    [{ reason: 'something-new', detail: 'level-band' }, 'other'],
  ])('%j reads %s', (entry, why) => {
    expect(notPairedWhy(entry)).toBe(why);
  });

  const next = { at: Date.parse('2027-01-06T23:30:00Z'), timeZone: 'Europe/Berlin' };

  it.each([
    [de, 'Auf Ihrer Ebene nimmt noch niemand teil. Die nächste Runde beginnt am 7. Januar 2027.'],
    [fr, 'Personne de votre niveau n’est encore inscrit. Le prochain tour commence le 7 janvier 2027.'],
    [us, 'Nobody at your level has joined yet. The next round starts on January 7, 2027.'],
  ])('in %j: why, and the next round’s day in the reader’s zone', (locale, expected) => {
    expect(notPairedPreview(locale, { reason: 'no-eligible-peer', detail: 'level-band' }, next)).toBe(
      expected,
    );
  });

  it('without a next round it says why alone', () => {
    expect(notPairedPreview(de, { reason: 'unpaired-by-admin', detail: null }, null)).toBe(
      'Die Programmverantwortlichen haben Sie aus der Zuordnung dieser Runde genommen.',
    );
  });

  it('every reason with the longest date fits Teams’ 150 characters, in every language', () => {
    const september = { at: Date.parse('2027-09-29T12:00:00Z'), timeZone: 'UTC' };
    for (const language of TEXT_LANGUAGES)
      for (const why of NOT_PAIRED_WHYS) {
        const [reason, detail = null] = why.split('.');
        const preview = notPairedPreview(textLocaleOf(language), { reason: reason!, detail }, september);
        expect(preview.length).toBeLessThanOrEqual(MAX_PREVIEW_LENGTH);
        expect(preview).toContain(language === 'en' ? '2027' : '2027.');
      }
  });
});
