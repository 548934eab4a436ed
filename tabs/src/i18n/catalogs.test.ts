import { type Catalog, LANGUAGES, loadMessages, messagesFor } from './catalogs';
import { formatMessage } from './format-message';
import { createI18n } from './i18n';
import { en, type MessageKey } from './messages-en';

/**
 * What the type checker cannot see in a catalog: placeholders and plurals kept, nothing left in English, every
 * message formats, and each language's register and typography. A new catalog in catalogs.ts is checked here as is.
 */

const keys = Object.keys(en).sort() as MessageKey[];
const translations = LANGUAGES.filter((language) => language !== 'en');
const catalogs = new Map<string, Catalog>();

beforeAll(async () => {
  for (const language of LANGUAGES) catalogs.set(language, await loadMessages(language));
});

/**
 * Words a translation may share with English because the language really uses them (names, and loanwords that are
 * the normal word). Everything else equal to English is an untranslated string.
 */
const SAME_AS_ENGLISH: Record<string, readonly string[]> = {
  '*': ['Pairwise', 'TypeScript', 'Teams', 'Outlook', 'CSV'],
  de: ['in', 'Name', 'Status', 'Fairness', 'Dashboard', 'Agenda'],
  fr: ['Action', 'Actions', 'Description', 'Participants', 'Score'],
};

interface Plural {
  /** Branch selectors: `one`, `other`, `=0`… */
  branches: Map<string, string>;
}

interface Parsed {
  placeholders: Set<string>;
  plurals: Map<string, Plural>;
}

/** Reads `{name}` and `{name, plural, one {…} other {…}}` (the subset format-message.ts formats); throws on others. */
function parse(message: string): Parsed {
  const placeholders = new Set<string>();
  const plurals = new Map<string, Plural>();
  let depth = 0;
  let start = -1;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth < 0) throw new Error(`unbalanced "}" in ${message}`);
      if (depth === 0) readArgument(message.slice(start + 1, i), placeholders, plurals);
    }
  }
  if (depth !== 0) throw new Error(`unbalanced "{" in ${message}`);
  return { placeholders, plurals };
}

function readArgument(body: string, placeholders: Set<string>, plurals: Map<string, Plural>) {
  if (/^\w+$/.test(body)) {
    placeholders.add(body);
    return;
  }
  const plural = /^(\w+),\s*plural,\s*(.*)$/s.exec(body);
  if (!plural) throw new Error(`unsupported argument {${body}}`);
  const [, name = '', rest = ''] = plural;
  const branches = new Map<string, string>();
  // Branches hold plain text and `#` only: format-message.ts does not nest arguments inside a plural.
  const branch = /\s*([=\w]+)\s*\{([^{}]*)\}\s*/y;
  let consumed = 0;
  for (let m = branch.exec(rest); m; m = branch.exec(rest)) {
    branches.set(m[1] ?? '', m[2] ?? '');
    consumed = branch.lastIndex;
  }
  if (consumed !== rest.length) throw new Error(`unreadable plural branches in {${body}}`);
  plurals.set(name, { branches });
}

/** Values that exercise every placeholder: a number for plural arguments, text for the rest. */
function sampleValues(parsed: Parsed, n: number): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const p of parsed.placeholders) values[p] = `‹${p}›`;
  for (const p of parsed.plurals.keys()) values[p] = n;
  return values;
}

/** The words of a message without its arguments, numbers and punctuation. */
const wordsOf = (message: string): string[] =>
  message
    .replace(/\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, ' ')
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length > 0);

const parsedEnglish = new Map(keys.map((k) => [k, parse(en[k])]));

describe('the English catalog', () => {
  it('is the fallback for a language the tab does not speak', async () => {
    expect(await loadMessages('ja-JP')).toBe(en);
    expect(messagesFor('ja-JP')).toBe(en);
    expect(createI18n('ja-JP', 'UTC').t('app.nav.mentoring')).toBe(en['app.nav.mentoring']);
  });

  it.each(keys)('%s uses only the supported message syntax', (key) => {
    expect(() => parse(en[key])).not.toThrow();
  });
});

describe.each(translations)('the %s catalog', (language) => {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  let catalog: Catalog;
  beforeAll(() => {
    catalog = catalogs.get(language)!;
  });

  it('is a catalog of its own, not the English fallback', () => {
    expect(catalog).not.toBe(en);
  });

  it('has exactly the English keys', () => {
    expect(Object.keys(catalog).sort()).toEqual(keys);
  });

  it('is chosen for its locales, with a region or without', () => {
    expect(messagesFor(language)).toBe(catalog);
    expect(messagesFor(`${language}-CH`)).toBe(catalog);
    expect(createI18n(`${language}-CH`, 'UTC').t('app.nav.mentoring')).toBe(catalog['app.nav.mentoring']);
  });

  it.each(keys)('%s keeps the placeholders and plurals of English', (key) => {
    const source = parsedEnglish.get(key)!;
    const target = parse(catalog[key]);
    expect([...target.placeholders].sort()).toEqual([...source.placeholders].sort());
    expect([...target.plurals.keys()].sort()).toEqual([...source.plurals.keys()].sort());
    for (const [name, plural] of target.plurals) {
      const english = source.plurals.get(name)!;
      // Every category the language's rules can select needs a branch. `many` (French for millions) falls back
      // to `other` in format-message.ts, which reads correctly for the counts the tab shows.
      for (const category of categories.filter((c) => c !== 'many'))
        expect({ name, category, present: plural.branches.has(category) }).toEqual({
          name,
          category,
          present: true,
        });
      for (const exact of [...english.branches.keys()].filter((b) => b.startsWith('=')))
        expect(plural.branches.has(exact)).toBe(true);
      if (english.branches.get('other')?.includes('#')) expect(plural.branches.get('other')).toContain('#');
    }
  });

  it.each(keys)('%s is translated, or English only in words the language shares', (key) => {
    if (catalog[key] !== en[key]) return;
    const allowed = new Set(
      [...(SAME_AS_ENGLISH['*'] ?? []), ...(SAME_AS_ENGLISH[language] ?? [])].map((w) => w.toLowerCase()),
    );
    expect(wordsOf(catalog[key]).filter((w) => !allowed.has(w.toLowerCase()))).toEqual([]);
  });

  it.each(keys)('%s formats with sample values, leaving no syntax behind', (key) => {
    const parsed = parse(catalog[key]);
    for (const n of [0, 1, 2, 5, 1.5, 1_000_000]) {
      const text = formatMessage(catalog[key], sampleValues(parsed, n), language);
      expect(text.trim().length).toBeGreaterThan(0);
      expect(text).not.toMatch(/[{}]/);
      if (parsed.plurals.size > 0) expect(text).not.toContain('#');
      for (const p of parsed.placeholders) expect(text).toContain(`‹${p}›`);
    }
  });
});

describe('register and typography', () => {
  const messages = (language: string) => Object.values(catalogs.get(language) ?? {});

  it('German speaks formally (Sie), never du', () => {
    const informal = /(?<!\p{L})(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)(?!\p{L})/iu;
    expect(messages('de').filter((m) => informal.test(m))).toEqual([]);
  });

  it('German uses German quotation marks', () => {
    expect(messages('de').filter((m) => /["“”]/.test(m.replace(/„[^“”"]*“/g, '')))).toEqual([]);
  });

  it('French says vous, never tu', () => {
    const informal = /(?<!\p{L})(tu|toi|ton|tes)(?!\p{L})/iu;
    expect(messages('fr').filter((m) => informal.test(m))).toEqual([]);
  });

  it('French puts a narrow no-break space before : ; ? ! and inside « », and nowhere a plain one', () => {
    const fr = messages('fr');
    // Punctuation that ends a phrase (followed by a space or the end), not `(?=` in a regular expression or 09:00.
    expect(fr.filter((m) => /[^\u202f][:;?!](?=\s|$)/.test(m))).toEqual([]);
    expect(fr.filter((m) => /«(?!\u202f)|(?<!\u202f)»|"/.test(m))).toEqual([]);
    expect(fr.filter((m) => /'/.test(m))).toEqual([]);
  });
});
