import { compileLevelPattern, levelMappingIssues, mapLevel } from './level-mapping';

const source = (jobTitle: string | null, level: string | null = null) => ({
  jobTitle,
  attributes: { extensionAttribute1: level },
});

describe('mapLevel', () => {
  it.each([
    [
      'default reads extensionAttribute1 and ranks by its number',
      source('Engineer', 'L4'),
      null,
      { label: 'L4', rank: 4 },
    ],
    ['default without the attribute is unknown', source('Engineer'), null, null],
    [
      'job-title patterns: first match wins, case-insensitive',
      source('Senior Software Engineer'),
      {
        source: 'jobTitle' as const,
        attribute: null,
        levels: [
          { label: 'Senior', rank: 5, pattern: '^senior' },
          { label: 'Engineer', rank: 3, pattern: 'engineer' },
        ],
      },
      { label: 'Senior', rank: 5 },
    ],
    [
      'job-title without a match is unknown',
      source('Chief Vibes Officer'),
      {
        source: 'jobTitle' as const,
        attribute: null,
        levels: [{ label: 'Senior', rank: 5, pattern: '^senior' }],
      },
      null,
    ],
    [
      'attribute mapped through a label table',
      source('x', 'p3'),
      {
        source: 'extensionAttribute' as const,
        attribute: 'extensionAttribute1',
        levels: [{ label: 'P3', rank: 30, pattern: null }],
      },
      { label: 'P3', rank: 30 },
    ],
  ])('%s', (_name, input, mapping, expected) => {
    expect(mapLevel(input, mapping)).toEqual(expected);
  });

  it('reports bad mappings by field', () => {
    expect(
      levelMappingIssues({
        source: 'jobTitle',
        attribute: null,
        levels: [{ label: 'A', rank: 1, pattern: '(' }],
      }),
    ).toEqual([
      {
        path: 'levelMapping.levels.0.pattern',
        issue: 'not a valid regular expression (RE2 syntax)',
        code: 'level-pattern-syntax',
        params: {},
      },
    ]);
    expect(
      levelMappingIssues({ source: 'extensionAttribute', attribute: null, levels: [] }).map((i) => i.code),
    ).toEqual(['level-attribute-required']);
    expect(
      levelMappingIssues({ source: 'jobTitle', attribute: null, levels: [] }).map((i) => i.code),
    ).toEqual(['level-patterns-required']);
  });

  it.each([
    ['extensionAttribute1', []],
    ['extensionAttribute15', []],
    [
      'extensionAttribute16',
      ['only extensionAttribute1 to extensionAttribute15 are read from the directory'],
    ],
    ['employeeType', ['only extensionAttribute1 to extensionAttribute15 are read from the directory']],
  ])('accepts only attributes the directory adapter reads: %s', (attribute, issues) => {
    expect(
      levelMappingIssues({ source: 'extensionAttribute', attribute, levels: [] }).map((i) => i.issue),
    ).toEqual(issues);
  });
});

describe('level patterns run in linear time (RE2)', () => {
  const jobTitleMapping = (pattern: string) => ({
    source: 'jobTitle' as const,
    attribute: null,
    levels: [{ label: 'Hit', rank: 1, pattern }],
  });
  // Each of these makes a backtracking engine take exponential time on a long title that almost matches.
  const title200 = (unit: string, tail: string) =>
    unit.repeat(Math.ceil(200 / unit.length)).slice(0, 199) + tail;
  const catastrophic: [string, string, boolean][] = [
    ['^(\\w+\\s?)+$', title200('Principal Software Engineering Manager ', '!'), false],
    ['(a+)+$', title200('a', '!'), false],
    ['(a|aa)+$', title200('a', '!'), false],
    ['(.*a){20}', title200('a', '!'), true],
    ['(.*a){20}$', title200('b', 'a'), false],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', title200('aaaaaaaa', '!'), false],
  ];

  it.each(catastrophic)('%s on a 200-character title answers at once', (pattern, title, matches) => {
    expect(title.length).toBe(200);
    expect(levelMappingIssues(jobTitleMapping(pattern))).toEqual([]);
    const started = Date.now();
    // 1,000 runs: a backtracking engine would not finish one of them in a lifetime.
    for (let i = 0; i < 1000; i++) {
      expect(mapLevel({ jobTitle: title, attributes: {} }, jobTitleMapping(pattern))).toEqual(
        matches ? { label: 'Hit', rank: 1 } : null,
      );
    }
    // A generous guard only; the proof is that the engine is RE2 (below) and that the loop ends at all.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it.each([
    ['(senior)\\s\\1', 'level-pattern-backreference', 'backreferences (\\1) are not supported'],
    ['^(?=.*senior).*engineer', 'level-pattern-lookaround', 'lookahead and lookbehind are not supported'],
    ['(?<!vice )president', 'level-pattern-lookaround', 'lookahead and lookbehind are not supported'],
    ['(?<=senior )engineer', 'level-pattern-lookaround', 'lookahead and lookbehind are not supported'],
    ['a{1001}', 'level-pattern-syntax', 'not a valid regular expression (RE2 syntax)'],
  ])('refuses %s, which a backtracking engine accepts, naming the field', (pattern, code, issue) => {
    expect(() => new RegExp(pattern, 'i')).not.toThrow();
    expect(levelMappingIssues(jobTitleMapping(pattern))).toEqual([
      { path: 'levelMapping.levels.0.pattern', issue, code, params: {} },
    ]);
  });

  it('keeps the usual pattern syntax: anchors, classes, alternation, case-insensitive, Unicode', () => {
    const mapping = {
      source: 'jobTitle' as const,
      attribute: null,
      levels: [
        { label: 'Principal', rank: 7, pattern: '^(principal|staff)\\b' },
        { label: 'Senior', rank: 5, pattern: '\\bsr\\.?\\s|senior' },
        { label: 'Leitung', rank: 6, pattern: 'leitung|führung' },
        { label: 'Level', rank: 3, pattern: '\\bL[0-9]+$' },
      ],
    };
    const level = (jobTitle: string) => mapLevel({ jobTitle, attributes: {} }, mapping)?.label ?? null;
    expect(level('Staff Engineer')).toBe('Principal');
    expect(level('Sr. Designer')).toBe('Senior');
    expect(level('SENIOR analyst')).toBe('Senior');
    expect(level('Teamführung Vertrieb')).toBe('Leitung');
    expect(level('TEAMFÜHRUNG')).toBe('Leitung');
    expect(level('Engineer l4')).toBe('Level');
    expect(level('Engineer')).toBeNull();
  });

  it('compiles a pattern once, however often a mapping is read', () => {
    const first = compileLevelPattern('^lead\\b');
    expect(first.ok).toBe(true);
    expect(compileLevelPattern('^lead\\b')).toBe(first);
  });
});
