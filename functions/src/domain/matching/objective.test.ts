import { roundObjective, weightOf } from './objective';
import { mulberry32 } from './rng';
import { solveSortedMaximumWeightMatching } from './solver';

describe('round weights', () => {
  it('stay exact at 100,000 people: one more pair always wins, then one more point, then a tie bit', () => {
    const n = 100_000;
    // 280 points: the best a pair scores on the synthetic company with the default weights.
    const o = roundObjective(n, 280);
    const half = n / 2;
    const most = weightOf(o, 280, 1);
    // Every quantity the solver handles stays an exact integer (see EXACT_LIMIT): 32 × the largest weight,
    // in units of 1/4.
    expect(Number.isSafeInteger(most * 4 * 32)).toBe(true);
    expect(weightOf(o, 280, 1) - weightOf(o, 280, 0)).toBe(1);
    // A pair more outweighs every score and tie bit a matching of one pair fewer can have.
    expect(o.C).toBeGreaterThan(half * (280 * o.J + 1));
    // A point more outweighs the tie bits of every pair of a matching.
    expect(o.J).toBeGreaterThan(half);
  });

  it('is solved exactly on a sparse 100,000-person graph (the previous weights refused it)', () => {
    // Pairs (2k, 2k + 1) score 100 with tie bit 0; a sparse random graph around them scores up to 280. The
    // solver must place everyone, and its duals must prove the result (the certificate is checked exactly).
    const n = 100_000;
    const o = roundObjective(n, 280);
    const rand = mulberry32(17);
    const edges = new Map<number, [number, number]>();
    for (let v = 0; v < n; v += 2) edges.set(v * n + v + 1, [100, 0]);
    for (let t = 0; t < n / 2; t++) {
      const a = Math.floor(rand() * n);
      const b = Math.floor(rand() * n);
      if (a === b) continue;
      edges.set(Math.min(a, b) * n + Math.max(a, b), [Math.floor(rand() * 281), rand() < 0.5 ? 1 : 0]);
    }
    const keys = [...edges.keys()].sort((x, y) => x - y);
    const u = Int32Array.from(keys, (k) => Math.floor(k / n));
    const v = Int32Array.from(keys, (k) => k % n);
    const w = Float64Array.from(keys, (k) => weightOf(o, edges.get(k)![0], edges.get(k)![1]));
    const solution = solveSortedMaximumWeightMatching(n, u, v, w, { certify: true });
    expect(solution.certificateProblem).toBeNull();
    expect(solution.pairs).toHaveLength(half(n));
    // The weight splits back into pairs, points and tie bits without rounding.
    let score = 0;
    let bits = 0;
    for (const [a, b] of solution.pairs) {
      const [s, bit] = edges.get(a * n + b)!;
      score += s;
      bits += bit;
    }
    expect(score).toBeGreaterThan(100 * half(n));
    const at = new Map(keys.map((k, e) => [k, e] as const));
    expect(BigInt(o.C) * BigInt(half(n)) + BigInt(score) * BigInt(o.J) + BigInt(bits)).toBe(
      solution.pairs.reduce((sum, [a, b]) => sum + BigInt(w[at.get(a * n + b)!]!), 0n),
    );
  });

  it('refuses sizes past exact arithmetic instead of rounding', () => {
    expect(() => roundObjective(5_000_000, 280)).toThrow(/too large for exact arithmetic/);
  });
});

const half = (n: number): number => Math.floor(n / 2);
