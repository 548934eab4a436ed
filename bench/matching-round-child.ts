/**
 * One planRound on the synthetic company, in a process of its own so its peak memory (the process's resident
 * set high-water mark) is its own: `tsx bench/matching-round-child.ts <current|previous> <size> <seed>
 * [<time budget ms>]`.
 * Prints one JSON line; the previous design (bench/baseline/matching-v1) reports its error when it refuses.
 */
import { generateCompany, planRound } from '../functions/src/domain/matching';
import { planRound as planRoundV1 } from './baseline/matching-v1/plan-round';

const [design, sizeText, seedText, budgetText] = process.argv.slice(2);
const size = Number(sizeText);
const seed = Number(seedText ?? 2026);
const input = generateCompany({ size, seed });
const rssBeforeMB = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
try {
  if (design === 'current') {
    const result = planRound(
      budgetText === undefined ? input : { ...input, timeBudgetMs: Number(budgetText) },
    );
    const ms = performance.now() - started;
    console.log(
      JSON.stringify({
        ms,
        pairs: result.metrics.pairs,
        triads: result.metrics.triads,
        timings: result.timings,
        optimality: result.optimality,
        search: result.search,
        totalScore: result.metrics.totalScore,
        placedPercent: result.metrics.placedPercent,
        eligibleEdges: result.metrics.eligibleEdges,
        rssBeforeMB,
        peakRssMB: process.resourceUsage().maxRSS / 1024,
      }),
    );
  } else {
    const result = planRoundV1(input);
    const ms = performance.now() - started;
    console.log(
      JSON.stringify({
        ms,
        pairs: result.metrics.pairs,
        triads: result.metrics.triads,
        timings: result.timings,
        sparsified: result.sparsified ?? null,
        totalScore: result.metrics.totalScore,
        placedPercent: result.metrics.placedPercent,
        eligibleEdges: result.metrics.eligibleEdges,
        rssBeforeMB,
        peakRssMB: process.resourceUsage().maxRSS / 1024,
      }),
    );
  }
} catch (e) {
  const ms = performance.now() - started;
  const message = e instanceof Error ? e.message : String(e);
  console.log(JSON.stringify({ ms, error: message, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
}
