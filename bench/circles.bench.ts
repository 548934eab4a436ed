/**
 * Peer circles (issue 17): the grouping method against the exact optimum on small seeded programs (exhaustion),
 * circle quality on the synthetic company beside a random grouping, and planRound with circles at 500–10,000
 * people with its certified bound. `npm run bench -- circles`.
 */
import { cpus, loadavg } from 'node:os';

import {
  generateCompany,
  generateSmallProgram,
  planRound,
  prepareRound,
  type RoundResult,
} from '../functions/src/domain/matching';
import {
  circleQuality,
  CircleScorer,
  compareStandings,
  groupSizes,
  standingOf,
} from '../functions/src/domain/matching/circles';
import { exhaustiveCircles } from '../functions/src/domain/matching/circles-reference';
import { PairModel } from '../functions/src/domain/matching/pair-model';
import { mulberry32 } from '../functions/src/domain/matching/rng';

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

function scorerFor(input: ReturnType<typeof generateSmallProgram>) {
  const { people, ctx, weights } = prepareRound(input);
  const model = new PairModel(people, ctx, weights);
  return {
    people,
    model,
    scorer: new CircleScorer(model, people, weights, input.program.rules.minOverlapHours),
  };
}

/** formCircles (through planRound) against exhaustion, per circle size, on seeded programs of `from`–`to` people. */
function exactRows(programs: number, from: number, to: number): string[] {
  const rows: string[] = [];
  for (const k of [3, 4, 5, 6]) {
    let samePlaced = 0;
    let sameSizes = 0;
    let optimum = 0;
    let ratioSum = 0;
    let worst = 1;
    let ours = 0;
    let exhaustive = 0;
    for (let seed = 1; seed <= programs; seed++) {
      const n = from + (seed % (to - from + 1));
      const input = generateSmallProgram(n, k, seed * 7919 + k);
      let started = performance.now();
      const result = planRound(input);
      ours += performance.now() - started;
      const { people, model, scorer } = scorerFor(input);
      const { degree } = model.degrees();
      started = performance.now();
      const exact = exhaustiveCircles(
        scorer,
        people.map((_, v) => v).filter((v) => degree[v]! > 0),
        k,
      );
      exhaustive += performance.now() - started;
      const sizes = result.pairings.map((p) => p.members.length);
      if (sizes.reduce((s, x) => s + x, 0) !== exact.placed) continue;
      samePlaced++;
      if (compareStandings(standingOf(sizes, k), standingOf(exact.sizes, k)) !== 0) continue;
      sameSizes++;
      const ratio = exact.score === 0 ? 1 : result.metrics.totalScore / exact.score;
      ratioSum += ratio;
      worst = Math.min(worst, ratio);
      if (result.metrics.totalScore === exact.score) optimum++;
    }
    rows.push(
      `| ${k} | ${from}–${to} | ${programs} | ${samePlaced} / ${programs} | ${sameSizes} / ${programs} | ${optimum} / ${programs} | ${pct(ratioSum / Math.max(1, sameSizes))} | ${pct(worst)} | ${fmt(ours / programs)} | ${fmt(exhaustive / programs)} |`,
    );
  }
  return rows;
}

function exactTable(): string {
  return [
    '### Circles against the exact optimum (exhaustion), seeded small programs with tight rules',
    '',
    'Four zones (most in London), levels 1–3 with a band of 1, cadences, a cooldown history of n/2 pairs ' +
      '(`generateSmallProgram`). Best is: the most people placed, then sizes closest to N (Σ (size − N)², then ' +
      'the most circles), then the total circle score; "score" compares programs where both have the same sizes.',
    '',
    '| N | people | programs | as many placed | same sizes | optimal score | mean score / optimum | worst | ours per program | exhaustion per program |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...exactRows(100, 8, 12),
    ...exactRows(10, 13, 14),
    '',
  ].join('\n');
}

/** A shuffle grouping, the way a bot does it: shuffled, cut into the same sizes as the circles asked for. */
function randomGrouping(n: number, k: number, seed: number): number[][] {
  const rand = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const groups: number[][] = [];
  let at = 0;
  for (const size of groupSizes(n, k)) {
    groups.push(order.slice(at, at + size));
    at += size;
  }
  return groups;
}

function qualityTable(size: number, k: number): string {
  const input = generateCompany({ size, seed: 2026 });
  input.program.rules.groupSize = k;
  const started = performance.now();
  const result = planRound(input);
  const ms = performance.now() - started;
  const { people, scorer } = scorerFor(input);
  const index = new Map(people.map((p, i) => [p.person.id, i]));
  const ours = result.pairings.map((p) => p.members.map((id) => index.get(id)!));
  const random = randomGrouping(people.length, k, 2026);
  const q = circleQuality(ours, scorer, people);
  const r = circleQuality(random, scorer, people);
  const randomScore = random.reduce((s, g) => s + Math.max(0, scorer.score(g)), 0);
  const placed = ours.reduce((s, g) => s + g.length, 0);
  const gap = result.optimality.status === 'bounded' ? result.optimality.gap : 0;
  const sizes = new Map<number, number>();
  for (const g of ours) sizes.set(g.length, (sizes.get(g.length) ?? 0) + 1);
  const rows = [
    `| people placed | ${placed} / ${size} | ${size} / ${size} (whatever the rules) |`,
    `| circles (sizes) | ${q.circles} (${[...sizes]
      .sort((a, b) => b[0] - a[0])
      .map(([s, c]) => `${c} × ${s}`)
      .join(', ')}) | ${r.circles} |`,
    `| members sharing a goal with every other member | ${q.goalWithEveryonePercent} % | ${r.goalWithEveryonePercent} % |`,
    `| departments per circle (mean; share of its size) | ${q.meanDepartments} (${q.departmentSpreadPercent} %) | ${r.meanDepartments} (${r.departmentSpreadPercent} %) |`,
    `| least working stretch a whole circle shares | ${q.minOverlapHours} h (mean ${q.meanOverlapHours} h) | ${r.minOverlapHours} h (mean ${r.meanOverlapHours} h) |`,
    `| circles with a pair a hard rule forbids (cooldown, level band, overlap, chain, …) | ${q.circlesBreakingRules} | ${r.circlesBreakingRules} |`,
    `| total circle score | ${result.metrics.totalScore.toLocaleString('en-US')} (certified: the best circles of these sizes score at most ${gap === null ? 'n/a' : `${(result.metrics.totalScore + gap).toLocaleString('en-US')}, +${pct(gap / result.metrics.totalScore)}`}) | ${randomScore.toLocaleString('en-US')} (rule-breaking circles count 0) |`,
    `| time to plan the round | ${fmt(ms)} (circles ${fmt(result.timings.circlesMs ?? 0)}, ${result.search.circles?.kicks ?? 0} kicks) | — |`,
  ];
  return [
    `### Circle quality: the ${size}-person synthetic company (seed 2026) in circles of ${k}, beside a random grouping`,
    '',
    '| measure | planRound (circles) | random grouping |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function scalingTable(): string {
  const rows: string[] = [];
  for (const size of [500, 2_000, 10_000]) {
    const input = generateCompany({ size, seed: 2026 });
    input.program.rules.groupSize = 4;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result: RoundResult = planRound(input);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const t = result.timings;
    const gap = result.optimality.status === 'bounded' ? result.optimality.gap : 0;
    const search = result.search.circles;
    rows.push(
      `| ${size.toLocaleString('en-US')} | ${fmt(ms)} (CPU ${fmt(cpuMs)}) | ${fmt(t.prepareMs + t.candidatesMs + t.solveMs + t.pricingMs)} | ${fmt(t.circlesMs ?? 0)} | ${search?.kicks ?? 0}${search?.stoppedByDeadline ? ' (stopped by the time budget)' : ''} | ${result.pairings.length.toLocaleString('en-US')} | ${result.unmatched.length} | ${result.metrics.totalScore.toLocaleString('en-US')} | ${gap === null ? 'not proven' : `≤ +${pct(gap / result.metrics.totalScore)}`} |`,
    );
  }
  return [
    '### planRound with circles of 4 on the synthetic company',
    '',
    'Wall clock on the shared machine, with the process’s own CPU time beside it (others’ load stretches the first).',
    '',
    '| people | total | optimal pairing (prepare, candidates, solve, pricing) | circles | kicks | circles formed | not placed | total score | certified bound |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
  ].join('\n');
}

export default function circlesBench(): Promise<string> {
  const load = loadavg().map((x) => x.toFixed(1));
  return Promise.resolve(
    [
      '## Peer circles',
      '',
      `${cpus().length} cores, load average ${load.join(' / ')} at the start.`,
      '',
      exactTable(),
      qualityTable(500, 4),
      scalingTable(),
    ].join('\n'),
  );
}
