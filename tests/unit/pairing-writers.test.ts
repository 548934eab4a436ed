import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * "One module writes pairing state" (docs/decisions/0007-pairing-lifecycle.md): every write of a pairing goes
 * through `domain/pairings/pairing-writer.ts`, which applies a lifecycle transition. This checks the backend's
 * source (tests and test kits aside) for any other write to the pairings store.
 */
const root = join(__dirname, '..', '..', 'functions', 'src');
const writer = join(root, 'domain', 'pairings', 'pairing-writer.ts');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const WRITES = [
  /pairings\s*\.\s*(replace|upsert|create|delete)\s*\(/,
  /updateWithRetry\(\s*[\w.]*pairings\s*,/,
  /\.pairings\s*\.\s*(patch|items)\b/,
];

describe('pairing writes', () => {
  it('no backend module but the pairing writer writes a pairing', () => {
    const offenders = sources(root)
      .filter((file) => file !== writer)
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(root, file)}:${i + 1}` }))
          .filter(({ line }) => WRITES.some((w) => w.test(line)))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the check sees a write when there is one', () => {
    const sample = [
      'await deps.repos.pairings.replace(doc, etag);',
      'await updateWithRetry(repos.pairings, t, id, f);',
    ];
    for (const line of sample) expect(WRITES.some((w) => w.test(line))).toBe(true);
    expect(sources(root)).toContain(writer);
  });
});
