import {
  DUAL_SCALE,
  type DualSolution,
  foldDuals,
  type WarmStart,
} from '../../functions/src/domain/matching/solver';

/*
 * How pricing resumed the solver before issue 17's fourth step, kept for the bench (not used by the product):
 * every blossom folded into its vertices and handed to a fresh solver as a `WarmStart`. The product now keeps
 * one `ResumableMatching`, which keeps the blossoms no new edge violates; the bench times the two side by side.
 */

/**
 * The state to resume from once edges join a solved subgraph: blossom duals folded into their vertices (feasible
 * for every old edge, no blossom to carry over), matched edges that leave a positive blossom — slack once folded
 * — made tight again by lowering their ends where no other edge minds (else unmatched), and each new edge made
 * feasible by raising its ends just enough. Raising a matched end would make
 * its matched edge slack: its mate is lowered as much instead as far as none of the mate's edges minds (the
 * matching keeps the pair), the raise is shared between the two ends so, and only what is left unmatches a pair
 * (both become roots of the next solve's trees).
 * `old` is the subgraph that was solved (sorted compact form); `added` the edges joining it.
 */
export function resumeState(
  n: number,
  old: { u: Int32Array; v: Int32Array; w: Float64Array },
  solvedMate: Int32Array,
  duals: DualSolution,
  added: ReadonlyArray<readonly [number, number, number]>,
): WarmStart {
  const dual = foldDuals(duals);
  const mate = Int32Array.from(solvedMate);
  const m = old.u.length;
  // Adjacency of the new subgraph (old and added edges), to see how far a dual may fall.
  const total = m + added.length;
  const start = new Int32Array(n + 1);
  const edgeEnd = (k: number, side: 0 | 1): number =>
    k < m ? (side === 0 ? old.u[k]! : old.v[k]!) : added[k - m]![side];
  const weightOf = (k: number): number => (k < m ? old.w[k]! : added[k - m]![2]);
  for (let k = 0; k < total; k++) {
    start[edgeEnd(k, 0) + 1]!++;
    start[edgeEnd(k, 1) + 1]!++;
  }
  for (let x = 0; x < n; x++) start[x + 1]! += start[x]!;
  const other = new Int32Array(2 * total);
  const weight = new Float64Array(2 * total);
  const fill = start.slice(0, n);
  for (let k = 0; k < total; k++) {
    const a = edgeEnd(k, 0);
    const b = edgeEnd(k, 1);
    other[fill[a]!] = b;
    weight[fill[a]!++] = weightOf(k);
    other[fill[b]!] = a;
    weight[fill[b]!++] = weightOf(k);
  }
  /** How far y's dual can fall before an edge of y other than the one to `except` turns infeasible. */
  const room = (y: number, except: number): number => {
    let least = dual[y]!;
    for (let t = start[y]!; t < start[y + 1]!; t++) {
      if (other[t] === except) continue;
      least = Math.min(least, dual[y]! + dual[other[t]!]! - DUAL_SCALE * weight[t]!);
    }
    return least;
  };
  // A matched edge inside nested blossoms is slack once folded (an inner blossom's dual went to one end only):
  // its ends fall by the slack where none of their other edges minds, and only otherwise is the pair unmatched.
  for (let t = 0; t < m; t++) {
    const a = old.u[t]!;
    const b = old.v[t]!;
    if (mate[a] !== b) continue;
    let slack = dual[a]! + dual[b]! - DUAL_SCALE * old.w[t]!;
    if (slack === 0) continue;
    const fromA = Math.min(slack, Math.max(0, room(a, b)));
    dual[a] = dual[a]! - fromA;
    slack -= fromA;
    const fromB = Math.min(slack, Math.max(0, room(b, a)));
    dual[b] = dual[b]! - fromB;
    slack -= fromB;
    if (slack > 0) {
      mate[a] = -1;
      mate[b] = -1;
    }
  }
  /** Raises x by `by`, lowering its mate as much when it has the room (the pair stays), else unmatching it. */
  const raise = (x: number, by: number): void => {
    const y = mate[x]!;
    if (y !== -1) {
      if (room(y, x) >= by) dual[y] = dual[y]! - by;
      else {
        mate[x] = -1;
        mate[y] = -1;
      }
    }
    dual[x] = dual[x]! + by;
  };
  for (const [a, b, wt] of added) {
    const need = DUAL_SCALE * wt - dual[a]! - dual[b]!;
    if (need <= 0) continue;
    // A free end is raised (it only becomes a root); else the raise is shared between the two ends as far as
    // their mates have room to fall, and only what is left unmatches a pair.
    if (mate[a] === -1 || mate[b] === -1) {
      dual[mate[a] === -1 ? a : b] = dual[mate[a] === -1 ? a : b]! + need;
      continue;
    }
    const onA = Math.min(need, Math.max(0, room(mate[a]!, a)));
    if (onA > 0) raise(a, onA);
    if (need - onA > 0) raise(b, need - onA);
  }
  return { mate, dual };
}
