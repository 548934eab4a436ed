import { LanguageSchema } from '../../../functions/src/contracts/common';

/**
 * The languages the join form lists by name: the languages most spoken at work across the regions Microsoft 365
 * serves. A language not listed can still be picked by typing its tag ("eu", "pt-PT"): the list is a convenience,
 * not a limit.
 */
export const LISTED_LANGUAGES = [
  'ar',
  'bg',
  'bn',
  'ca',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fa',
  'fi',
  'fil',
  'fr',
  'he',
  'hi',
  'hr',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'lt',
  'lv',
  'ms',
  'nb',
  'nl',
  'pl',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'sk',
  'sl',
  'sr',
  'sv',
  'sw',
  'ta',
  'th',
  'tr',
  'uk',
  'ur',
  'vi',
  'zh-Hans',
  'zh-Hant',
] as const;

/** A language's name in the reader's locale ("de" → "German"); the tag itself where the runtime cannot name it. */
export function languageNamer(locale: string): (tag: string) => string {
  try {
    const names = new Intl.DisplayNames([locale], { type: 'language' });
    return (tag) => {
      try {
        return names.of(tag) ?? tag;
      } catch {
        return tag;
      }
    };
  } catch {
    return (tag) => tag;
  }
}

export interface LanguageOption {
  tag: string;
  name: string;
}

/** Lower case without accents, so "fran" finds "Français" and "tur" finds "Türkçe". */
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/** The tag in its canonical spelling ("PT-br" → "pt-BR"), or null when it is not one the API accepts. */
export function canonicalLanguageTag(text: string): string | null {
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(text.trim())[0] ?? '';
  } catch {
    return null;
  }
  return LanguageSchema.safeParse(canonical).success ? canonical : null;
}

/**
 * What the language picker offers for what the person typed: the listed languages whose name (in the reader's
 * locale) has a word starting with it, or whose tag it is — and, when the text is the tag of a language the list
 * lacks, that language too. Languages already picked are not offered again. Sorted by name as the reader's locale sorts.
 */
export function languageOptions(
  query: string,
  picked: readonly string[],
  locale: string,
  nameOf: (tag: string) => string = languageNamer(locale),
): LanguageOption[] {
  const wanted = fold(query.trim());
  const taken = new Set(picked.map((tag) => tag.toLowerCase()));
  const matches = (option: LanguageOption): boolean =>
    wanted === '' ||
    option.tag.toLowerCase() === wanted ||
    fold(option.name)
      .split(/[\s(),-]+/)
      .some((word) => word.startsWith(wanted));
  const options: LanguageOption[] = LISTED_LANGUAGES.map((tag) => ({ tag, name: nameOf(tag) })).filter(
    matches,
  );
  // A typed tag the list lacks, when it names a language (an unknown code reads back as itself).
  const typed = canonicalLanguageTag(query);
  if (typed !== null && !options.some((o) => o.tag.toLowerCase() === typed.toLowerCase())) {
    const name = nameOf(typed);
    if (name !== typed) options.push({ tag: typed, name });
  }
  return options
    .filter((o) => !taken.has(o.tag.toLowerCase()))
    .sort((a, b) => a.name.localeCompare(b.name, locale) || a.tag.localeCompare(b.tag));
}
