/**
 * Which language a person reads Pairwise's backend texts in (invitations, calendar comments, activity-feed
 * previews). The languages with a full catalog; everything else reads English.
 */
export const TEXT_LANGUAGES = ['en', 'de', 'fr'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/**
 * A person's text locale: the catalog (`language`) and the BCP 47 tag Intl formats dates and lists with (`tag`).
 * The tag keeps the person's region when it is a variant of the catalog's language (de-CH formats dates the Swiss
 * way); a person whose language has no catalog gets plain `en`, so an English sentence never carries, say, Spanish
 * month names.
 */
export interface TextLocale {
  language: TextLanguage;
  tag: string;
}

export const ENGLISH: TextLocale = { language: 'en', tag: 'en' };

/** What the stored directory facts say about a person's language (domain/model.ts DirectoryFacts). */
export interface LanguageFacts {
  /** Outlook's language for the mailbox (`mailboxSettings.language.locale`, e.g. "de-CH"). */
  mailboxLanguage?: string | null;
  /** The directory's `preferredLanguage` (e.g. "fr-FR"). */
  preferredLanguage?: string | null;
}

const isTextLanguage = (value: string): value is TextLanguage =>
  (TEXT_LANGUAGES as readonly string[]).includes(value);

/** A well-formed BCP 47 tag in canonical case ("en-us" → "en-US"), or undefined for blanks and garbage. */
function canonicalTag(raw: string | null | undefined): string | undefined {
  // Windows-style names ("de_DE") are seen in hand-edited directories.
  const trimmed = raw?.trim().replace(/_/g, '-');
  if (!trimmed) return undefined;
  try {
    return Intl.getCanonicalLocales(trimmed)[0];
  } catch {
    return undefined;
  }
}

/** The text locale of one language tag; English when the tag's language has no catalog. */
export function textLocaleOf(tag: string): TextLocale {
  const language = new Intl.Locale(tag).language.toLowerCase();
  return isTextLanguage(language) ? { language, tag } : ENGLISH;
}

/**
 * The rule: the person's mailbox language (what Outlook shows them), else the directory's preferred language,
 * else English. The first of the two that is set decides: a Spanish mailbox reads English even when the directory
 * says German, because the mailbox is the person's own choice. Regional variants read their base language (de-AT →
 * de), with the region kept for formatting.
 */
export function localeFor(person: LanguageFacts | null | undefined): TextLocale {
  for (const raw of [person?.mailboxLanguage, person?.preferredLanguage]) {
    const tag = canonicalTag(raw);
    if (tag) return textLocaleOf(tag);
  }
  return ENGLISH;
}

/**
 * The languages one shared text is written in, in order: the first person's (an invitation's organizer), then each
 * other language among the rest, each with the tag of the first person who reads it.
 */
export function languagesOf(locales: readonly TextLocale[]): TextLocale[] {
  const out: TextLocale[] = [];
  for (const locale of locales) if (!out.some((l) => l.language === locale.language)) out.push(locale);
  return out.length > 0 ? out : [ENGLISH];
}
