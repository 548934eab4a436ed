import { levelMappingIssues, mapLevel } from './level-mapping';

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
    ).toEqual([{ path: 'levelMapping.levels.0.pattern', issue: 'not a valid regular expression' }]);
    expect(levelMappingIssues({ source: 'extensionAttribute', attribute: null, levels: [] })).toHaveLength(1);
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
