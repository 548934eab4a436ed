import { de } from './messages-de';
import { en, type MessageKey } from './messages-en';
import { fr } from './messages-fr';

/**
 * Every language the tab speaks, by primary language subtag. Each catalog is a Record<MessageKey, string>, so the
 * type checker refuses a missing key; catalogs.test.ts checks placeholders, plurals and untranslated text.
 */
export const catalogs: Readonly<Record<string, Record<MessageKey, string>>> = { en, de, fr };

/** The catalog for a BCP 47 locale ("de-AT" → German); English when the language has none. */
export function messagesFor(locale: string): Record<MessageKey, string> {
  const language = locale.split('-')[0]?.toLowerCase() ?? 'en';
  return Object.hasOwn(catalogs, language) ? (catalogs[language] ?? en) : en;
}
