/**
 * An experiment, not one of `npm run bench`'s benchmarks (issue 17, ninth step): would a worker thread make a
 * round faster on this 2-core machine? The candidates' main pass — the largest phase of a 50,000-person round —
 * is split between this thread and one worker, each over about half the pass's pairs with heaps of its own; the
 * worker's kept pairs are offered to this thread's heaps, the retries run as in `bestCandidateGraph`, and the
 * result is checked identical to `bestCandidateGraph`'s. A pair model is typed arrays plus the people and rule
 * context it reads for named pairs, so the worker builds its own from the same input, beside this thread's
 * build; what that costs this thread is measured too.
 *
 *   npx tsx bench/experiments/parallel-candidates.ts <size> [<runs>]
 *
 * Each run is two processes: one builds the model and estimates prices alone, the other with the worker building
 * beside it, then times the pass in one thread and split (the first of the two alternating between runs).
 */
import { spawnSync } from 'node:child_process';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

import {
  bestCandidateGraph,
  BestCandidates,
  type CandidateGraph,
  offerPairs,
  pricesByPosition,
  retryShort,
} from '../../functions/src/domain/matching/candidate-graph';
import { PairModel, rowBuffers } from '../../functions/src/domain/matching/pair-model';
import { pairTieBit, prepareRound } from '../../functions/src/domain/matching/plan-round';
import { generateCompany } from '../../functions/src/domain/matching/synthetic';
import { estimatePrices } from '../../functions/src/domain/matching/whole-graph';

const K = 20;
const SEED = 2026;

interface Built {
  model: PairModel;
  tieBit: (u: number, v: number) => number;
}

function generateThenBuild(size: number): { built: Built; buildMs: number } {
  const input = generateCompany({ size, seed: SEED });
  const started = performance.now();
  const { people, ctx, weights } = prepareRound(input);
  const built = { model: new PairModel(people, ctx, weights), tieBit: pairTieBit(people, 0) };
  return { built, buildMs: performance.now() - started };
}

/** `bestCandidateGraph`'s main pass over rows [from, to) of bucket order, with heaps of its own. */
function mainPass(
  { model, tieBit }: Built,
  price: Float64Array,
  floor: Float64Array,
  from: number,
  to: number,
): BestCandidates {
  const { position } = model.buckets;
  const best = new BestCandidates(model.n, K, tieBit, price, position);
  for (let x = 0; x < model.n; x++) best.threshold[position[x]!] = floor[x]!;
  offerPairs(model, best, pricesByPosition(model, price), rowBuffers(model.n), from, to);
  return best;
}

/** The position splitting the main pass's pairs in two about equal halves (a row meets the people after it). */
function halfway(model: PairModel): number {
  const { start, lo, hi } = model.buckets.later;
  const { of, order } = model.buckets;
  const n = model.n;
  const pairsFrom = new Float64Array(n + 1);
  for (let p = 0; p < n; p++) {
    const a = of[order[p]!]!;
    let count = 0;
    for (let t = start[a]!; t < start[a + 1]!; t++) count += Math.max(0, hi[t]! - Math.max(lo[t]!, p + 1));
    pairsFrom[p + 1] = pairsFrom[p]! + count;
  }
  let mid = 0;
  while (mid < n && pairsFrom[mid]! < pairsFrom[n]! / 2) mid++;
  return mid;
}

function sameGraph(x: CandidateGraph, y: CandidateGraph): boolean {
  if (x.m !== y.m) return false;
  for (let e = 0; e < x.m; e++) {
    if (
      x.eu[e] !== y.eu[e] ||
      x.ev[e] !== y.ev[e] ||
      x.score[e] !== y.score[e] ||
      x.overlap[e] !== y.overlap[e]
    )
      return false;
  }
  return true;
}

interface PassRequest {
  price: Float64Array;
  floor: Float64Array;
  from: number;
  to: number;
}
interface PassReply {
  ms: number;
  u: Int32Array;
  v: Int32Array;
  score: Float64Array;
  hours: Float64Array;
}

function worker(size: number): void {
  const { built } = generateThenBuild(size);
  parentPort!.postMessage('ready');
  parentPort!.on('message', ({ price, floor, from, to }: PassRequest) => {
    const started = performance.now();
    const best = mainPass(built, price, floor, from, to);
    // The pairs kept by either end (the degrees are not needed for them).
    const kept = best.finish(new Int32Array(0), 0);
    const reply: PassReply = {
      ms: performance.now() - started,
      u: kept.eu.subarray(0, kept.m),
      v: kept.ev.subarray(0, kept.m),
      score: kept.score.subarray(0, kept.m),
      hours: kept.overlap.subarray(0, kept.m),
    };
    parentPort!.postMessage(reply);
  });
}

async function beside(size: number, splitFirst: boolean): Promise<Record<string, unknown>> {
  const helper = new Worker(__filename, { execArgv: ['--require', 'tsx/cjs'], workerData: { size } });
  const ready = new Promise<void>((resolve) => helper.once('message', () => resolve()));
  const { built, buildMs } = generateThenBuild(size);
  const { model } = built;
  const estimateStarted = performance.now();
  const { price, floor, fallback } = estimatePrices(model, K, 0);
  const estimateMs = performance.now() - estimateStarted;
  const waitStarted = performance.now();
  await ready;
  const waitedMs = performance.now() - waitStarted;
  const n = model.n;
  const mid = halfway(model);

  const single = (): { best: BestCandidates; ms: number } => {
    const started = performance.now();
    const best = mainPass(built, price, floor, 0, n);
    return { best, ms: performance.now() - started };
  };
  const split = async (): Promise<{ best: BestCandidates; ms: number; ownMs: number; workerMs: number }> => {
    const started = performance.now();
    const reply = new Promise<PassReply>((resolve) => helper.once('message', resolve));
    helper.postMessage({ price, floor, from: mid, to: n } satisfies PassRequest);
    const best = mainPass(built, price, floor, 0, mid);
    const ownMs = performance.now() - started;
    const theirs = await reply;
    for (let e = 0; e < theirs.u.length; e++) {
      const [u, v, s, h] = [theirs.u[e]!, theirs.v[e]!, theirs.score[e]!, theirs.hours[e]!];
      best.offerTo(u, v, s, h);
      best.offerTo(v, u, s, h);
    }
    return { best, ms: performance.now() - started, ownMs, workerMs: theirs.ms };
  };
  let one: { best: BestCandidates; ms: number };
  let two: Awaited<ReturnType<typeof split>>;
  if (splitFirst) {
    two = await split();
    one = single();
  } else {
    one = single();
    two = await split();
  }
  await helper.terminate();
  const { degree, eligibleEdges } = model.degrees();
  const priceAt = pricesByPosition(model, price);
  const rows = rowBuffers(n);
  retryShort(model, one.best, priceAt, rows, degree, fallback);
  retryShort(model, two.best, priceAt, rows, degree, fallback);
  const reference = bestCandidateGraph(model, K, built.tieBit, price, floor, fallback).graph;
  return {
    buildMs,
    estimateMs,
    waitedMs,
    singleMs: one.ms,
    splitMs: two.ms,
    ownPartMs: two.ownMs,
    workerPartMs: two.workerMs,
    splitFirst,
    identical:
      sameGraph(one.best.finish(degree, eligibleEdges), reference) &&
      sameGraph(two.best.finish(degree, eligibleEdges), reference),
  };
}

function alone(size: number): Record<string, unknown> {
  const { built, buildMs } = generateThenBuild(size);
  const estimateStarted = performance.now();
  estimatePrices(built.model, K, 0);
  return { buildMs, estimateMs: performance.now() - estimateStarted };
}

function child(mode: string, size: number, run: number): Record<string, unknown> {
  const out = spawnSync(
    process.execPath,
    [...process.execArgv, __filename, mode, String(size), String(run)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (out.status !== 0) throw new Error(`${mode} run failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const [first, second, third] = process.argv.slice(2);
  if (first === 'alone') {
    console.log(JSON.stringify(alone(Number(second))));
    return;
  }
  if (first === 'beside') {
    console.log(JSON.stringify(await beside(Number(second), Number(third) % 2 === 1)));
    return;
  }
  const size = Number(first ?? 10_000);
  const runs = Number(second ?? 3);
  const round = (x: unknown): unknown => (typeof x === 'number' ? Math.round(x) : x);
  for (let run = 0; run < runs; run++) {
    for (const mode of run % 2 === 0 ? ['alone', 'beside'] : ['beside', 'alone']) {
      const result = child(mode, size, run);
      console.log(
        mode.padEnd(7),
        JSON.stringify(Object.fromEntries(Object.entries(result).map(([k, v]) => [k, round(v)]))),
      );
    }
  }
}

if (isMainThread) void main();
else worker((workerData as { size: number }).size);
