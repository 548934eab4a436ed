import { en, type MessageKey } from './messages-en';

export type Catalog = Record<MessageKey, string>;

/**
 * Every language the tab speaks besides English, by primary language subtag. Each is its own chunk, so a person
 * downloads English (the fallback, always present) and their own language only: the employee tab's initial JS has
 * a budget (docs/tab.md). Each catalog is a Catalog, so the type checker refuses a missing key; catalogs.test.ts
 * checks placeholders, plurals and untranslated text.
 */
const LOADERS = {
  de: () => import('./messages-de').then((m) => m.de),
  fr: () => import('./messages-fr').then((m) => m.fr),
} satisfies Record<string, () => Promise<Catalog>>;

export const LANGUAGES: readonly string[] = ['en', ...Object.keys(LOADERS)];

const loaded = new Map<string, Catalog>([['en', en]]);

/** "de-AT" → "de". */
export function languageOf(locale: string): string {
  return locale.split('-')[0]?.toLowerCase() ?? 'en';
}

/** Loads the catalog for a locale (once); English when the tab does not speak its language. */
export async function loadMessages(locale: string): Promise<Catalog> {
  const language = languageOf(locale);
  const known = loaded.get(language);
  if (known) return known;
  if (!Object.hasOwn(LOADERS, language)) return en;
  const catalog = await LOADERS[language as keyof typeof LOADERS]();
  loaded.set(language, catalog);
  return catalog;
}

/** The catalog for a locale if it has been loaded (loadMessages), else English. */
export function messagesFor(locale: string): Catalog {
  return loaded.get(languageOf(locale)) ?? en;
}
