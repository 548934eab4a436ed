/**
 * `npm run -s match -- solve < graph.json` and `npm run -s match -- preview <participants.csv> [--history
 * <pairs.csv>] [--program <program.json>]` (DESIGN.md §3). Input errors print one line naming the file, line and
 * column to stderr and exit with 2; stdout gets nothing unless the whole run succeeded.
 */
import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { solveMaximumWeightMatching } from '../domain/matching/solver';
import { ensureError, invalid, isAppError } from '../errors';
import type * as PreviewModule from './preview';
import { USAGE } from './usage';

export interface CliIo {
  readStdin: () => Promise<string>;
  readFile: (path: string) => string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === 'solve' && rest.length === 0) {
      io.stdout(`${JSON.stringify(solve(await io.readStdin()))}\n`);
      return 0;
    }
    if (command === 'preview') {
      // Loaded here, not at the top: `match solve` starts ~0.1 s sooner without the matching engine and luxon.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; import() needs ESM in jest
      const { preview } = require('./preview') as typeof PreviewModule;
      io.stdout(`${JSON.stringify(preview(rest, io.readFile), null, 2)}\n`);
      return 0;
    }
    io.stderr(`${USAGE}\n`);
    return 2;
  } catch (e) {
    const error = ensureError(e);
    if (isAppError(error) && error.kind === 'invalid') {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    io.stderr(`error: ${error.message}\n`);
    return 1;
  }
}

const GraphSchema = z.strictObject({
  nodes: z.number().int().min(0).max(10_000_000),
  edges: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().safe()])),
});

export function solve(text: string): { pairs: Array<[number, number]>; weight: number } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalid(`stdin is not valid JSON (${ensureError(e).message})`);
  }
  const parsed = GraphSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`stdin: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const { nodes, edges } = parsed.data;
  edges.forEach(([u, v], index) => {
    if (u >= nodes || v >= nodes) throw invalid(`stdin: edges.${index}: endpoint outside 0..${nodes - 1}`);
  });
  const { pairs, weight } = solveMaximumWeightMatching(nodes, edges);
  return { pairs, weight };
}

/** Runs the command with the real process: stdin, files, stdout and stderr, and its exit code. */
export function runFromProcess(argv: readonly string[]): void {
  const io: CliIo = {
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFileSync(path, 'utf8'),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`error: ${ensureError(e).message}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runFromProcess(process.argv.slice(2));
