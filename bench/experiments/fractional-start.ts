/**
 * An experiment, not one of `npm run bench`'s benchmarks (issue 17, tenth step): how much of a round's first solve
 * would a fractional jump start (Blossom V's) save? The greedy warm start leaves about half the people of a round's
 * first subgraph free, and each roots a tree. A jump start solves the fractional relaxation first — the bipartite
 * double cover, whose optimum is half-integral — and hands the exact solver feasible duals with most people matched
 * on tight edges; only the odd cycles of halves (and what rounding the duals unmatches) are left free.
 *
 * The upside first: the double cover solved exactly by the blossom solver itself (timed, and no faster than the
 * solve it would replace), the first subgraph solved from the start it gives. Then the way there the product
 * takes (`jump-start.ts`): an auction for the double cover, timed with the solve from its start. Each result is
 * checked against the greedy start's (same weight).
 *
 *   npx tsx bench/experiments/fractional-start.ts <size> [<runs>]
 */
import { fractionalStart } from '../../functions/src/domain/matching/jump-start';
import { planRound } from '../../functions/src/domain/matching/plan-round';
import {
  DUAL_SCALE,
  ResumableMatching,
  solveSortedMaximumWeightMatching,
} from '../../functions/src/domain/matching/solver';
import { generateCompany } from '../../functions/src/domain/matching/synthetic';

interface Graph {
  n: number;
  u: Int32Array;
  v: Int32Array;
  w: Float64Array;
}

/** The round's first subgraph, as the solver is given it. */
function firstSubgraph(size: number): Graph {
  let first: Graph | null = null;
  planRound(generateCompany({ size, seed: 2026 }), {
    onSolve: (g) => {
      first ??= { n: g.n, u: Int32Array.from(g.u), v: Int32Array.from(g.v), w: Float64Array.from(g.w) };
    },
  });
  if (first === null) throw new Error('planRound solved nothing');
  return first;
}

/** Edge (a, b) becomes (a, n + b) and (b, n + a): left copies 0..n-1, right copies n..2n-1, in sorted compact form. */
function doubleCover({ n, u, v, w }: Graph): Graph {
  const m = u.length;
  const order = new Int32Array(2 * m);
  const from = new Int32Array(2 * m);
  const to = new Int32Array(2 * m);
  const weight = new Float64Array(2 * m);
  for (let k = 0; k < m; k++) {
    from[2 * k] = u[k]!;
    to[2 * k] = n + v[k]!;
    from[2 * k + 1] = v[k]!;
    to[2 * k + 1] = n + u[k]!;
    weight[2 * k] = weight[2 * k + 1] = w[k]!;
  }
  for (let e = 0; e < 2 * m; e++) order[e] = e;
  order.sort((a, b) => from[a]! - from[b]! || to[a]! - to[b]!);
  return {
    n: 2 * n,
    u: Int32Array.from(order, (e) => from[e]!),
    v: Int32Array.from(order, (e) => to[e]!),
    w: Float64Array.from(order, (e) => weight[e]!),
  };
}

/**
 * A warm start from the double cover's optimum: y_v = (left dual + right dual) / 2 is feasible for the original
 * graph (y_a + y_b ≥ DUAL_SCALE·w), and an edge both of whose copies are matched is tight. Duals are kept integral
 * (the solver's arithmetic is): a matched pair's halves are rounded one up, one down (its sum stays tight), every
 * other half up; an edge the rounding leaves short raises one end, and a matched end raised gives up its pair.
 */
function startFromCover(graph: Graph, cover: { mate: Int32Array; dual: Float64Array }) {
  const { n, u, v, w } = graph;
  const twice = new Float64Array(n);
  for (let x = 0; x < n; x++) twice[x] = cover.dual[x]! + cover.dual[n + x]!;
  const mate = new Int32Array(n).fill(-1);
  for (let x = 0; x < n; x++) {
    const right = cover.mate[x]!;
    if (right < 0) continue;
    const y = right - n;
    // Both copies matched to each other: x = 1 on (x, y).
    if (cover.mate[y] === n + x) mate[x] = y;
  }
  const dual = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    const odd = twice[x]! % 2 !== 0;
    const down = odd && mate[x]! >= 0 && x < mate[x]!;
    dual[x] = down ? (twice[x]! - 1) / 2 : Math.ceil(twice[x]! / 2);
  }
  let raised = 0;
  for (let k = 0; k < u.length; k++) {
    const a = u[k]!;
    const b = v[k]!;
    const short = DUAL_SCALE * w[k]! - dual[a]! - dual[b]!;
    if (short <= 0) continue;
    dual[a] = dual[a]! + short;
    raised++;
    if (mate[a]! >= 0 && mate[a] !== b) {
      mate[mate[a]!] = -1;
      mate[a] = -1;
    }
  }
  return { start: { mate, dual }, raised };
}

/** `fractionalStart` on the graph's adjacency: how many people it leaves free with a positive dual. */
function auctionStart({ n, u, v, w }: Graph): { free: number; bids: number } {
  const start = new Int32Array(n + 1);
  for (let k = 0; k < u.length; k++) {
    start[u[k]! + 1]!++;
    start[v[k]! + 1]!++;
  }
  for (let x = 0; x < n; x++) start[x + 1]! += start[x]!;
  const end = start.slice(0, n);
  const other = new Int32Array(2 * u.length);
  const value = new Float64Array(2 * u.length);
  for (let k = 0; k < u.length; k++) {
    other[end[u[k]!]!] = v[k]!;
    value[end[u[k]!]!++] = DUAL_SCALE * w[k]!;
    other[end[v[k]!]!] = u[k]!;
    value[end[v[k]!]!++] = DUAL_SCALE * w[k]!;
  }
  const result = fractionalStart(n, start, end, other, value, 1);
  if (result === null) throw new Error('the auction gave up');
  let free = 0;
  for (let x = 0; x < n; x++) if (result.mate[x] === -1 && result.dual[x]! > 0) free++;
  return { free, bids: result.bids };
}

function run(size: number): void {
  const graph = firstSubgraph(size);
  const { n, u, v, w } = graph;
  let started = performance.now();
  const greedy = solveSortedMaximumWeightMatching(n, u, v, w);
  const greedyMs = performance.now() - started;

  const doubled = doubleCover(graph);
  started = performance.now();
  const cover = solveSortedMaximumWeightMatching(doubled.n, doubled.u, doubled.v, doubled.w, { duals: true });
  const coverMs = performance.now() - started;
  const { start, raised } = startFromCover(graph, { mate: cover.mate, dual: cover.duals!.vertex });
  let free = 0;
  for (let x = 0; x < n; x++) if (start.mate[x] === -1 && start.dual[x]! > 0) free++;
  started = performance.now();
  const jumped = solveSortedMaximumWeightMatching(n, u, v, w, { start });
  const jumpedMs = performance.now() - started;
  if (jumped.weight !== greedy.weight)
    throw new Error(`weights differ: ${jumped.weight} vs ${greedy.weight}`);

  // The product's way: the auction, then the solve from it (its free people counted on a start of its own).
  started = performance.now();
  const auctioned = new ResumableMatching(n, u, v, w, { start: 'fractional' }).solve();
  const auctionedMs = performance.now() - started;
  if (auctioned.weight !== greedy.weight) throw new Error('the auction start reached another weight');
  const byAuction = auctionStart(graph);
  const ms = (x: number) => `${Math.round(x)} ms`;
  console.log(
    [
      `${size} people, ${u.length} edges:`,
      `greedy start ${ms(greedyMs)}`,
      `double cover ${ms(coverMs)}`,
      `from the exact fractional start ${ms(jumpedMs)} (${free} people free with a positive dual, ${raised} edges raised)`,
      `auction start and solve ${ms(auctionedMs)} (${byAuction.free} people free with a positive dual, ${byAuction.bids} bids)`,
      'same weight',
    ].join(' · '),
  );
}

const size = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 1);
for (let r = 0; r < runs; r++) run(size);
