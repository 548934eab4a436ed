import { canonicalLanguageTag, languageNamer, languageOptions, LISTED_LANGUAGES } from './languages';

const tags = (query: string, picked: string[] = [], locale = 'en-US') =>
  languageOptions(query, picked, locale).map((o) => o.tag);

describe('languageOptions', () => {
  it.each<[string, string, string[], string[]]>([
    ['en-US', 'fren', [], ['fr']],
    ['fr-FR', 'fran', [], ['fr']],
    ['en-US', 'FRENCH', [], ['fr']],
    ['en-US', 'port', [], ['pt-BR', 'pt']],
    ['en-US', 'chinese', [], ['zh-Hans', 'zh-Hant']],
    ['en-US', 'de', [], ['de']],
    ['en-US', 'germ', ['de'], []],
    ['en-US', 'pt-pt', [], ['pt-PT']],
    ['en-US', 'PT-br', ['pt-BR'], []],
    ['en-US', 'eu', [], ['eu']],
    ['en-US', 'zz', [], []],
    ['en-US', 'english, please', [], []],
    ['de-DE', 'deut', [], ['de']],
    ['de-DE', 'engl', [], ['en']],
    ['fr-FR', 'allem', [], ['de']],
    ['fr-FR', 'neerl', [], ['nl']],
    ['tr-TR', 'turk', [], ['tr']],
  ])('%s: %j (picked %j) → %j', (locale, query, picked, expected) => {
    expect(tags(query, picked, locale)).toEqual(expected);
  });

  it('lists every listed language for an empty query, but the picked ones, sorted by name in the reader’s locale', () => {
    const options = languageOptions('', ['en', 'fr'], 'en-US');
    expect(options.map((o) => o.tag).sort()).toEqual(
      LISTED_LANGUAGES.filter((t) => t !== 'en' && t !== 'fr').sort(),
    );
    const names = options.map((o) => o.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en-US')));
  });

  it('names every listed language (none reads back as its own tag)', () => {
    const nameOf = languageNamer('en-US');
    expect(LISTED_LANGUAGES.filter((tag) => nameOf(tag) === tag)).toEqual([]);
  });
});

describe('canonicalLanguageTag', () => {
  it.each<[string, string | null]>([
    ['en', 'en'],
    [' pt-br ', 'pt-BR'],
    ['ZH-hant', 'zh-Hant'],
    ['english', null],
    ['e', null],
    ['en_US', null],
    ['', null],
  ])('%j → %j', (text, expected) => {
    expect(canonicalLanguageTag(text)).toBe(expected);
  });
});
