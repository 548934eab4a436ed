import { type ActivityType } from '../../contracts/activity-types';
import { type PairingReason } from '../../contracts/common';
import { type CalendarComment, NOT_PAIRED_WHYS, type NotPairedWhy, type TextCatalog } from './catalog';
import { languagesOf, type TextLanguage, type TextLocale } from './locale';
import { de } from './messages-de';
import { en } from './messages-en';
import { fr } from './messages-fr';

/**
 * One renderer per backend text, in the reader's language (locale.ts decides which). Pure: the same input gives the
 * same words; dates, lists and language names go through Intl in the reader's locale.
 */
export const CATALOGS: Readonly<Record<TextLanguage, TextCatalog>> = { en, de, fr };

export function catalogOf(locale: TextLocale): TextCatalog {
  return CATALOGS[locale.language];
}

/** Teams shows the first 150 characters of an activity's preview. */
export const MAX_PREVIEW_LENGTH = 150;

/** "A", "A and B", "A, B and C" — or "A und B", "A, B et C" — as the reader's locale joins a list. */
export function listOf(locale: TextLocale, words: readonly string[]): string {
  return new Intl.ListFormat(locale.tag, { style: 'long', type: 'conjunction' }).format(words);
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** A calendar date ("2027-05-28") in the reader's words: "28 May 2027", "28. Mai 2027", "28 mai 2027". */
export function formatDate(locale: TextLocale, isoDate: string): string {
  const [y = 1970, m = 1, d = 1] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(locale.tag, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(y, m - 1, d));
}

/** The reader's calendar day of an instant, in their time zone (UTC when the zone is unknown to Intl). */
export function formatDay(locale: TextLocale, instant: number, timeZone: string | null | undefined): string {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
  try {
    return new Intl.DateTimeFormat(locale.tag, { ...options, timeZone: timeZone ?? 'UTC' }).format(instant);
  } catch {
    return new Intl.DateTimeFormat(locale.tag, { ...options, timeZone: 'UTC' }).format(instant);
  }
}

/** A language code ("de", "pt-BR") named in the reader's language ("German", "Deutsch", "allemand"). */
export function languageName(locale: TextLocale, code: string): string {
  try {
    return new Intl.DisplayNames(locale.tag, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * An invitation's "Why you two" line for one stored reason. `names` maps member ids to display names. Reasons a
 * pair should not read (an admin's override) or that this version does not know are left out, never shown raw.
 */
export function reasonText(
  locale: TextLocale,
  reason: PairingReason,
  names: ReadonlyMap<string, string>,
): string | undefined {
  const t = catalogOf(locale);
  const r = t.reasons;
  const name = (id: string): string => names.get(id) ?? r.someoneOfYou;
  const group = names.size > 2;
  switch (reason.kind) {
    case 'same-level':
      return r.sameLevel;
    case 'level-gap':
      return r.levelGap;
    case 'different-department':
      return reason.data.departments.length > 1
        ? r.differentDepartments({ departments: listOf(locale, reason.data.departments) })
        : r.differentDepartmentsUnnamed;
    case 'shared-goal':
      return r.sharedGoals({
        goals: listOf(
          locale,
          reason.data.goals.map((g) => t.goals[g]),
        ),
        count: reason.data.goals.length,
      });
    case 'teaches':
      return capitalise(
        r.teaches({
          teacher: name(reason.data.teacherId),
          learner: name(reason.data.learnerId),
          topics: listOf(locale, reason.data.topics),
        }),
      );
    case 'overlap-hours':
      return r.overlapHours({ hours: Math.round(reason.data.hours) });
    case 'shared-language':
      return r.sharedLanguages({
        languages: listOf(
          locale,
          reason.data.languages.map((code) => languageName(locale, code)),
        ),
        group,
      });
    case 'new-joiner-buddy':
      return capitalise(r.newJoinerBuddy({ newJoiner: name(reason.data.newJoinerId), group }));
    case 'fairness':
      return r.fairness;
    case 'cadence':
      return r.cadence({ when: t.cadences[reason.data.cadence], basis: reason.data.basis, group });
    default:
      return undefined;
  }
}

/** The preview line of a pairing's activity-feed notification. */
export function activityPreview(locale: TextLocale, type: Exclude<ActivityType, 'notPaired'>): string {
  return catalogOf(locale).activityPreviews[type];
}

/**
 * The comment Outlook sends with a series change. One event, one comment: in the first reader's language (the
 * organizer's), then each other member's language below it.
 */
export function calendarComment(readers: readonly TextLocale[], kind: CalendarComment): string {
  return languagesOf(readers)
    .map((locale) => catalogOf(locale).calendarComments[kind])
    .join('\n\n');
}

/**
 * Which words say why someone was left out: reason.detail where the catalog has it, else the reason, else `other`.
 * Someone's private "not with" list is never the stated cause (it reads as the bare reason), as in the tab.
 */
export function notPairedWhy(entry: { reason: string; detail: string | null }): NotPairedWhy {
  const known = (key: string): key is NotPairedWhy => (NOT_PAIRED_WHYS as readonly string[]).includes(key);
  const detailed = entry.detail && entry.detail !== 'not-with' ? `${entry.reason}.${entry.detail}` : null;
  if (detailed && known(detailed)) return detailed;
  return known(entry.reason) ? entry.reason : 'other';
}

/**
 * The preview of the "not paired this round" notification: why, in plain words, and when the next round starts
 * (a day in the reader's time zone) when the program has one — left out if both would not fit Teams' 150 characters.
 */
export function notPairedPreview(
  locale: TextLocale,
  entry: { reason: string; detail: string | null },
  nextRound: { at: number; timeZone: string | null } | null,
): string {
  const t = catalogOf(locale);
  const why = t.notPaired[notPairedWhy(entry)];
  if (!nextRound) return why;
  const withNext = `${why} ${t.nextRound({ date: formatDay(locale, nextRound.at, nextRound.timeZone) })}`;
  return withNext.length <= MAX_PREVIEW_LENGTH ? withNext : why;
}
