/** Seeded random graphs for the matching benchmark: the same seed gives the same graph on every machine. */
import { mulberry32 } from '../functions/src/domain/matching/rng';

export type Edge = [number, number, number];

/** n vertices, about `degree` edges per vertex on average (m = n·degree/2), integer weights 1..maxWeight. */
export function sparseGraph(n: number, degree: number, seed: number, maxWeight = 1000): Edge[] {
  const rand = mulberry32(seed);
  const target = Math.round((n * degree) / 2);
  const seen = new Set<number>();
  const edges: Edge[] = [];
  while (edges.length < target) {
    const a = Math.floor(rand() * n);
    const b = Math.floor(rand() * n);
    if (a === b) continue;
    const key = Math.min(a, b) * n + Math.max(a, b);
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push([a, b, 1 + Math.floor(rand() * maxWeight)]);
  }
  return edges;
}

/** Every pair present with probability `density`. */
export function denseGraph(n: number, density: number, seed: number, maxWeight = 1000): Edge[] {
  const rand = mulberry32(seed);
  const edges: Edge[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++)
      if (rand() < density) edges.push([a, b, 1 + Math.floor(rand() * maxWeight)]);
  }
  return edges;
}
