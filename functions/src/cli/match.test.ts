import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { parseCsv } from './csv';
import { type CliIo, main } from './match';

const examples = join(__dirname, 'examples');

function run(
  argv: string[],
  files: Record<string, string> = {},
  stdin = '',
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    readStdin: () => Promise.resolve(stdin),
    readFile: (path) => {
      if (path in files) return files[path]!;
      return readFileSync(path, 'utf8');
    },
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
  };
  return main(argv, io).then((code) => ({ code, out, err }));
}

const header = 'id,name,department,level,time_zone,goals,cadence';

describe('match solve', () => {
  it('prints the sorted pairs and the optimum weight', async () => {
    const result = await run(
      ['solve'],
      {},
      JSON.stringify({
        nodes: 5,
        edges: [
          [1, 0, 3],
          [1, 2, 4],
          [3, 2, 3],
          [3, 4, 1],
        ],
      }),
    );
    expect(result).toEqual({ code: 0, out: '{"pairs":[[0,1],[2,3]],"weight":6}\n', err: '' });
  });

  it.each([
    { name: 'broken JSON', stdin: '{"nodes": 3,', message: /stdin is not valid JSON/ },
    { name: 'a fractional weight', stdin: '{"nodes": 2, "edges": [[0, 1, 2.5]]}', message: /edges\.0\.2/ },
    {
      name: 'an endpoint out of range',
      stdin: '{"nodes": 2, "edges": [[0, 2, 1]]}',
      message: /edges\.0: endpoint outside 0\.\.1/,
    },
    { name: 'a missing field', stdin: '{"edges": []}', message: /nodes/ },
  ])('rejects $name with exit code 2 and nothing on stdout', async ({ stdin, message }) => {
    const result = await run(['solve'], {}, stdin);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
  });
});

describe('match preview', () => {
  it('prints the round for the example program: pairs, reasons, unmatched with reasons, metrics', async () => {
    const result = await run([
      'preview',
      join(examples, 'participants.csv'),
      '--history',
      join(examples, 'history.csv'),
      '--program',
      join(examples, 'program.json'),
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const round = JSON.parse(result.out) as {
      roundStartDate: string;
      roundIndex: number;
      pairings: Array<{ members: string[]; names: string[]; reasons: Array<{ kind: string }> }>;
      unmatched: unknown[];
      metrics: { participants: number };
    };
    expect(round.roundStartDate).toBe('2026-03-16');
    expect(round.roundIndex).toBe(4);
    const members = round.pairings.map((p) => p.members);
    // ana and ben met in round 3 (cooldown 4); eve does not want ana; dev's and ana's hours barely overlap.
    expect(members).not.toContainEqual(['ana', 'ben']);
    expect(members).not.toContainEqual(['ana', 'eve']);
    for (const p of round.pairings) {
      expect(p.reasons.some((r) => r.kind === 'overlap-hours')).toBe(true);
      expect(p.names).toHaveLength(p.members.length);
    }
    const placed = round.pairings.flatMap((p) => p.members).length;
    expect(placed + round.unmatched.length).toBe(6);
    expect(round.metrics.participants).toBe(6);
  });

  it('is byte-identical across runs', async () => {
    const args = ['preview', join(examples, 'participants.csv'), '--program', join(examples, 'program.json')];
    expect((await run(args)).out).toBe((await run(args)).out);
  });

  it.each([
    {
      name: 'a bad level',
      csv: `${header}\na,A,X,3,UTC,network-building,any\nb,B,Y,three,UTC,network-building,any\n`,
      message: /people\.csv:3: column "level"/,
    },
    {
      name: 'an unknown goal',
      csv: `${header}\na,A,X,3,UTC,growth,any\n`,
      message: /people\.csv:2: column "goals": "growth"/,
    },
    {
      name: 'an unknown time zone',
      csv: `${header}\na,A,X,3,Mars/Base,network-building,any\n`,
      message: /people\.csv:2: column "time_zone"/,
    },
    {
      name: 'a duplicate id',
      csv: `${header}\na,A,X,3,UTC,network-building,any\na,B,Y,3,UTC,network-building,any\n`,
      message: /people\.csv:3: column "id": "a" appears twice/,
    },
    {
      name: 'a short row',
      csv: `${header}\na,A,X,3\n`,
      message: /people\.csv:2: expected 7 fields, found 4/,
    },
    {
      name: 'an unknown column',
      csv: 'id,goals,shoe_size\na,network-building,42\n',
      message: /people\.csv:1: column 3 "shoe_size"/,
    },
    { name: 'a missing required column', csv: 'id,name\na,A\n', message: /required column "goals"/ },
    {
      name: 'an unclosed quote',
      csv: `${header}\na,"A,X,3,UTC,network-building,any\n`,
      message: /people\.csv:2: a quoted field is not closed/,
    },
    {
      name: 'a bad cadence',
      csv: `${header}\na,A,X,3,UTC,network-building,daily\n`,
      message: /column "cadence"/,
    },
  ])('rejects $name naming line and column, exit code 2, nothing printed', async ({ csv, message }) => {
    const result = await run(['preview', 'people.csv'], { 'people.csv': csv });
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
  });

  it('takes each rule a program file leaves out at its documented default', async () => {
    const participants = join(examples, 'participants.csv');
    const preview = (program: object) =>
      run(['preview', participants, '--program', 'p.json'], {
        'p.json': JSON.stringify({ roundStartDate: '2026-03-16', seed: 3, ...program }),
      });
    const defaults = {
      levelBand: 1,
      cooldownRounds: 4,
      minOverlapHours: 2,
      oddPolicy: 'triad',
      crossDepartment: 'prefer',
      groupSize: 2,
    };
    const none = await preview({});
    expect(none.code).toBe(0);
    expect(none.out).toBe((await preview({ rules: defaults })).out);
    expect(none.out).toBe((await preview({ rules: {} })).out);
    // The comparison can tell rules apart: circles of four are another round.
    expect(none.out).not.toBe((await preview({ rules: { ...defaults, groupSize: 4 } })).out);
  });

  it('rejects a bad history row and a bad program file', async () => {
    const people = `${header}\na,A,X,3,UTC,network-building,any\n`;
    const badHistory = await run(['preview', 'p.csv', '--history', 'h.csv'], {
      'p.csv': people,
      'h.csv': 'a,b,round\na,b,last\n',
    });
    expect(badHistory.err).toMatch(/h\.csv:2: column "round"/);
    expect(badHistory.code).toBe(2);
    const badProgram = await run(['preview', 'p.csv', '--program', 'x.json'], {
      'p.csv': people,
      'x.json': '{"rules": {"oddPolicy": "drop"}}',
    });
    expect(badProgram.err).toMatch(/x\.json: rules\.oddPolicy/);
    const notJson = await run(['preview', 'p.csv', '--program', 'x.json'], {
      'p.csv': people,
      'x.json': '{',
    });
    expect(notJson.err).toMatch(/x\.json: not valid JSON/);
    expect(notJson.out).toBe('');
  });

  describe('circles (rules.groupSize)', () => {
    /** n people who may all meet: one level, one zone, one goal, any cadence, each in their own department. */
    const people = (n: number) =>
      [header, ...Array.from({ length: n }, (_, i) => `p${i},P${i},D${i},3,UTC,network-building,any`)].join(
        '\n',
      );
    const program = (groupSize: unknown) =>
      JSON.stringify({ rules: { groupSize }, roundStartDate: '2026-03-16', seed: 3 });

    it.each([
      { count: 8, sizes: [4, 4] },
      { count: 9, sizes: [4, 5] },
      // 5 + 5 is as close to 4 (Σ (size − 4)² = 2) and scores more; equally close, the most circles win.
      { count: 10, sizes: [3, 3, 4] },
    ])('puts $count people in circles of about 4: $sizes', async ({ count, sizes }) => {
      const result = await run(['preview', 'p.csv', '--program', 'x.json'], {
        'p.csv': people(count),
        'x.json': program(4),
      });
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      const round = JSON.parse(result.out) as {
        algorithmVersion: string;
        pairings: Array<{ members: string[]; names: string[] }>;
        unmatched: unknown[];
      };
      expect(round.algorithmVersion).toMatch(/^pairwise-circles\//);
      expect(round.pairings.map((p) => p.members.length).sort()).toEqual(sizes);
      // Everyone placed, once; each circle named.
      const members = round.pairings.flatMap((p) => p.members);
      expect(new Set(members).size).toBe(count);
      expect(round.unmatched).toEqual([]);
      for (const p of round.pairings) expect(p.names).toEqual(p.members.map((id) => id.toUpperCase()));
    });

    it.each([7, 1, 4.5])('refuses groupSize %p, naming the field and what it may be', async (groupSize) => {
      const result = await run(['preview', 'p.csv', '--program', 'x.json'], {
        'p.csv': people(8),
        'x.json': program(groupSize),
      });
      expect(result.code).toBe(2);
      expect(result.out).toBe('');
      expect(result.err).toBe(
        'error: x.json: rules.groupSize: must be 2 (pairs) or a whole number from 3 to 6 (circles of about that many people)\n',
      );
    });

    it('reads 2 as pairs, and no groupSize as 2', async () => {
      for (const file of [program(2), JSON.stringify({ roundStartDate: '2026-03-16' })]) {
        const result = await run(['preview', 'p.csv', '--program', 'x.json'], {
          'p.csv': people(8),
          'x.json': file,
        });
        expect(result.code).toBe(0);
        const round = JSON.parse(result.out) as { pairings: Array<{ members: string[] }> };
        expect(round.pairings.map((p) => p.members.length)).toEqual([2, 2, 2, 2]);
      }
    });
  });

  it('prints usage for an unknown command', async () => {
    const result = await run(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/usage/);
  });
});

describe('parseCsv', () => {
  it('reads quoted fields, escaped quotes, commas and line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\ufeffa,b\r\n"x, ""y""","multi\nline"\r\n\r\nplain,\n';
    expect(parseCsv(text, 'f.csv')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', 'multi\nline'] },
      { line: 5, fields: ['plain', ''] },
    ]);
  });
});

describe('the real command', () => {
  const exec = promisify(execFile);
  const root = join(__dirname, '..', '..', '..');

  it('runs through npm with a graph on stdin', async () => {
    const child = exec('npx', ['tsx', 'functions/src/cli/match.ts', 'solve'], { cwd: root });
    child.child.stdin!.end('{"nodes": 3, "edges": [[0, 1, 6], [0, 2, 10], [1, 2, 5]]}');
    const { stdout } = await child;
    expect(stdout).toBe('{"pairs":[[0,2]],"weight":10}\n');
  }, 60_000);

  it('exits with 2 on a bad row', async () => {
    await expect(
      exec('npx', ['tsx', 'functions/src/cli/match.ts', 'preview', '/dev/null'], { cwd: root }),
    ).rejects.toMatchObject({
      code: 2,
      stdout: '',
    });
  }, 60_000);
});
