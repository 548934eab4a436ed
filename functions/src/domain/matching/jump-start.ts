/**
 * A start for the blossom solver from the fractional relaxation (issue 17, tenth step), in the spirit of Blossom
 * V's fractional jump start: most people matched on tight edges under feasible duals close to the optimum's.
 *
 * The greedy warm start leaves about half the people of a round's first subgraph free (the cardinality-first
 * weights make few edges tight), and each free person roots a tree. The fractional matching problem — the
 * bipartite double cover, each person once as a bidder and once as an object — has no odd sets, so an auction
 * solves it quickly: bidders bid for the object worth most to them less its price, and raise its price by what
 * it is worth more than their second choice, plus ε (Bertsekas's forward auction, ε-scaling down to one unit;
 * staying unassigned is worth 0, so a bidder never pays more than an object is worth). Prices and profits are
 * then feasible duals of the double cover, and half their sum per person is feasible for the matching problem.
 * Where both copies of a pair are assigned to each other, the pair is kept if its edge can be made tight: each
 * person's dual is lowered as far as every edge allows (as the greedy start does), a pair's ends first.
 *
 * Measured on a round's first subgraph (bench/experiments/fractional-start.ts): at 10,000 people ~1,200 people
 * free instead of ~4,850, and the first solve in ~190 ms instead of ~400 ms, auction included; at 50,000 people
 * ~1.8 s instead of ~4.4 s.
 *
 * Pure and deterministic: bidders are served in index order, ties go to the earlier edge.
 */

/** A state the solver can start from: feasible duals (DUAL_SCALE units) and a matching on tight edges. */
export interface FractionalStart {
  /** mate[v] = the vertex matched with v, or -1. */
  mate: Int32Array;
  dual: Float64Array;
  /** Bids placed (the auction's work), for benchmarks. */
  bids: number;
}

/** Each ε-scaling phase divides ε by this (8 measured best of 4, 8, 16 and 32 at 10,000 people). */
const EPSILON_FACTOR = 8;

/**
 * The auction gives up past this many bids per adjacency entry (about 2 on round subgraphs), and the solver then
 * starts greedily: no graph can make the start cost more than a few passes over its edges.
 */
const BIDS_PER_ENTRY = 16;

/**
 * Adjacency of vertex x: entries [start[x], end[x]) of `other` (the neighbour) and `weight`, times `scale` the amount
 * the edge's two duals must cover (DUAL_SCALE × its weight). Integer amounts are required (duals stay integral), as
 * the solver's weights are. Null when the auction gives up (see BIDS_PER_ENTRY).
 */
export function fractionalStart(
  n: number,
  start: Int32Array,
  end: Int32Array,
  other: Int32Array,
  weight: Float64Array,
  scale: number,
): FractionalStart | null {
  // (Typed arrays, not a callback: one call site serving several callers' closures ran at half speed.)
  const value = (e: number): number => scale * weight[e]!;
  let entries = 0;
  let lowest = Infinity;
  let highest = 0;
  for (let x = 0; x < n; x++) {
    for (let e = start[x]!; e < end[x]!; e++) {
      const v = value(e);
      if (v < lowest) lowest = v;
      if (v > highest) highest = v;
    }
    entries += end[x]! - start[x]!;
  }
  const dual = new Float64Array(n);
  const mate = new Int32Array(n).fill(-1);
  if (entries === 0) return { mate, dual, bids: 0 };

  const price = new Float64Array(n);
  const owner = new Int32Array(n);
  const assigned = new Int32Array(n);
  const queue = new Int32Array(n);
  const budget = BIDS_PER_ENTRY * (entries + n);
  let bids = 0;
  let epsilon = Math.max(1, Math.floor((highest - lowest) / EPSILON_FACTOR));
  for (;;) {
    // Each phase starts unassigned, with the prices the last one left.
    owner.fill(-1);
    assigned.fill(-1);
    for (let x = 0; x < n; x++) queue[x] = x;
    let head = 0;
    let waiting = n;
    while (waiting > 0) {
      const i = queue[head]!;
      head = head + 1 === n ? 0 : head + 1;
      waiting--;
      // The best and second-best net values; staying unassigned is worth 0.
      let best = -1;
      let first = 0;
      let second = 0;
      for (let e = start[i]!; e < end[i]!; e++) {
        const j = other[e]!;
        const net = value(e) - price[j]!;
        if (net > first) {
          second = first;
          first = net;
          best = j;
        } else if (net > second) {
          second = net;
        }
      }
      if (best < 0) continue;
      if (++bids > budget) return null;
      price[best] = price[best]! + (first - second) + epsilon;
      const outbid = owner[best]!;
      owner[best] = i;
      assigned[i] = best;
      if (outbid >= 0) {
        assigned[outbid] = -1;
        queue[(head + waiting) % n] = outbid;
        waiting++;
      }
    }
    if (epsilon === 1) break;
    epsilon = Math.max(1, Math.floor(epsilon / EPSILON_FACTOR));
  }

  // Feasible duals: a bidder's profit (its best net value, at least 0) plus the price of its object copy cover
  // every edge of the double cover; half their sum per person, rounded up, covers every edge of the graph.
  for (let x = 0; x < n; x++) {
    let profit = 0;
    for (let e = start[x]!; e < end[x]!; e++) profit = Math.max(profit, value(e) - price[other[e]!]!);
    dual[x] = Math.ceil((profit + price[x]!) / 2);
  }
  for (let x = 0; x < n; x++) {
    const y = assigned[x]!;
    if (y >= 0 && assigned[y] === x) mate[x] = y;
  }
  // As low as every edge allows: an edge stays covered by whichever end is lowered last.
  const lowered = (x: number): number => {
    let need = 0;
    for (let e = start[x]!; e < end[x]!; e++) need = Math.max(need, value(e) - dual[other[e]!]!);
    return need;
  };
  const valueTo = (x: number, y: number): number => {
    for (let e = start[x]!; e < end[x]!; e++) if (other[e] === y) return value(e);
    return Number.NaN;
  };
  for (let x = 0; x < n; x++) {
    const y = mate[x]!;
    if (y < 0) {
      dual[x] = lowered(x);
      continue;
    }
    if (y < x) continue;
    const needed = valueTo(x, y);
    dual[x] = lowered(x);
    if (dual[x]! + dual[y]! !== needed) dual[y] = lowered(y);
    if (dual[x]! + dual[y]! !== needed) {
      // Not tight whatever the two duals do: both start free.
      mate[x] = -1;
      mate[y] = -1;
    }
  }
  return { mate, dual, bids };
}
