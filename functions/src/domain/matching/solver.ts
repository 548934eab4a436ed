/**
 * Exact maximum-weight matching on a general graph: the primal–dual blossom method (Edmonds; Galil's
 * formulation), written for speed on the graphs a matching round produces.
 *
 * Why it is fast where a straight port is slow (see docs/decisions/0003-matching-algorithm.md):
 * - Warm start. Vertex duals start at each vertex's best incident weight, are lowered greedily, and a greedy
 *   matching on the tight edges is the initial primal. The classic code starts from the empty matching and
 *   runs one full stage (a rescan of the whole graph) per augmentation: n/2 stages.
 * - One forest for the whole run. Every free vertex with a positive dual roots an alternating tree; a tree that
 *   augments (or finishes) is dissolved on the spot and the other trees keep their labels, so the graph is not
 *   rescanned after each augmentation. The classic stopping rule assumes every free vertex carries the same dual;
 *   with a warm start they differ, so a tree also ends when one of its S vertices reaches dual zero: a free root
 *   is then finished (free with dual zero satisfies complementary slackness), a matched S vertex swaps the even
 *   alternating path to its root and becomes the finished free vertex. Each such event removes one free vertex
 *   with a positive dual, so the method terminates, and at the end every optimality condition holds.
 * - Lazy duals and heaps. The global dual change is accumulated once; each vertex and blossom stores its dual
 *   at the moment its label last changed, so a dual update is O(1) instead of a pass over the graph, and the
 *   four kinds of next event (an S vertex reaching zero, an edge from S to a free vertex, an edge between two S
 *   blossoms, a T blossom reaching zero) come from binary heaps with lazy deletion: O(log m) per event.
 * - Typed arrays and compressed adjacency; components never interact, because a tree only grows along edges.
 * Weights are doubled internally so that every dual stays integral.
 */

import { fractionalStart } from './jump-start';

export type WeightedEdge = readonly [number, number, number];

/**
 * Vertex duals are exchanged in units of 1/DUAL_SCALE of a weight: edge (u, v, w) is dual-feasible when
 * dual[u] + dual[v] ≥ DUAL_SCALE·w (the solver doubles weights internally and compares against twice that).
 */
export const DUAL_SCALE = 4;

/**
 * A state to resume from: feasible vertex duals (scaled, see DUAL_SCALE) and a matching whose every edge is
 * tight under them. Free vertices with a positive dual root the first trees. Typically the folded duals of an
 * earlier solve on a subgraph, raised where new edges would violate them (see pricing.ts).
 */
export interface WarmStart {
  /** mate[v] = the vertex matched with v, or -1. */
  mate: Int32Array;
  dual: Float64Array;
}

export interface SolveOptions {
  certify?: boolean;
  /** Resume from this state instead of the greedy warm start. */
  start?: WarmStart;
  /** Return the final vertex duals with every blossom's dual added to its vertices (scaled). */
  duals?: boolean;
}

export interface MatchingSolution {
  /** mate[v] = the vertex matched with v, or -1. */
  mate: Int32Array;
  /** Sum of the weights of the matched edges (input weights). */
  weight: number;
  /** Matched pairs [u, v] with u < v, sorted. */
  pairs: Array<[number, number]>;
  /**
   * With `{ certify: true }`: the LP dual certificate was checked independently of how it was found
   * (feasible duals, tight matched edges, free vertices at zero, full blossoms) — null when it holds.
   */
  certificateProblem?: string | null;
  /** With `{ duals: true }`: the final LP duals, an optimality certificate for the matching. */
  duals?: DualSolution;
}

/** The LP duals of a solved matching (scaled, see DUAL_SCALE); blossoms are numbered n..2n-1. */
export interface DualSolution {
  vertex: Float64Array;
  /** For a vertex or blossom id (0..2n-1): the blossom directly containing it, or -1 at top level. */
  parent: Int32Array;
  /** Per blossom id: its dual (0 for ids not in use, and below n). */
  blossom: Float64Array;
}

/**
 * Reduced costs under the duals: for edge (a, b, w), dual[a] + dual[b] − DUAL_SCALE·w + 2·Σ(duals of the
 * blossoms holding both ends). The duals prove a matching optimal on any graph where every edge's reduced cost is
 * ≥ 0 (and the matching's edges, free vertices and blossoms meet complementary slackness, as the solver's output
 * does). Depths and dual sums are prepared once, so an edge costs O(1) outside blossoms and O(nesting) inside.
 */
export function reducedCostOf(d: DualSolution): (a: number, b: number, w: number) => number {
  const { parent, blossom, vertex } = d;
  const size = parent.length;
  // depth[x]: blossoms above x; above[x]: the sum of the duals of x (when a blossom) and every blossom above it.
  const depth = new Int32Array(size).fill(-1);
  const above = new Float64Array(size);
  const resolve = (x: number): void => {
    const chain: number[] = [];
    let y = x;
    while (y !== -1 && depth[y] === -1) {
      chain.push(y);
      y = parent[y]!;
    }
    let level = y === -1 ? -1 : depth[y]!;
    let sum = y === -1 ? 0 : above[y]!;
    for (let t = chain.length - 1; t >= 0; t--) {
      const z = chain[t]!;
      level++;
      sum += blossom[z]!;
      depth[z] = level;
      above[z] = sum;
    }
  };
  for (let x = 0; x < size; x++) if (depth[x] === -1) resolve(x);
  return (a, b, w) => {
    const reduced = vertex[a]! + vertex[b]! - DUAL_SCALE * w;
    let x = parent[a]!;
    let y = parent[b]!;
    if (x === -1 || y === -1) return reduced;
    while (depth[x]! > depth[y]!) x = parent[x]!;
    while (depth[y]! > depth[x]!) y = parent[y]!;
    while (x !== y) {
      x = parent[x]!;
      y = parent[y]!;
    }
    // x is the lowest blossom holding both ends (or -1): it and every blossom above it count.
    return x === -1 ? reduced : reduced + 2 * above[x]!;
  };
}

/**
 * Vertex duals with each blossom's dual added to its vertices: feasible for every edge the duals were feasible
 * for (an edge inside a blossom keeps its reduced cost, one leaving it gains), with no blossom to carry over —
 * a state to resume from once the matched edges that leave a positive blossom are dropped.
 */
export function foldDuals(d: DualSolution): Float64Array {
  const out = Float64Array.from(d.vertex);
  for (let x = 0; x < out.length; x++) {
    for (let b = d.parent[x]!; b !== -1; b = d.parent[b]!) out[x]! += d.blossom[b]!;
  }
  return out;
}

/**
 * Maximum-weight matching (not necessarily maximum cardinality; edges with weight ≤ 0 are never useful and are
 * ignored). Duplicate edges keep their largest weight. Vertices are 0..nodes-1.
 */
export function solveMaximumWeightMatching(
  nodes: number,
  edges: ReadonlyArray<WeightedEdge>,
  options: Pick<SolveOptions, 'certify'> = {},
): MatchingSolution {
  if (!Number.isInteger(nodes) || nodes < 0)
    throw new RangeError(`nodes must be a non-negative integer, got ${nodes}`);
  const graph = compactGraph(nodes, edges);
  const solver = new BlossomSolver(nodes, graph.u, graph.v, graph.w);
  solver.solve();
  const result = solver.matching();
  if (options.certify === true) result.certificateProblem = solver.checkCertificate();
  return result;
}

/**
 * The same solver on edges already in compact form: u < v, sorted by (u, v) without duplicates, positive
 * finite weights (what `compactGraph` would produce from them, unchanged). Skips building a tuple per edge.
 */
export function solveSortedMaximumWeightMatching(
  nodes: number,
  u: Int32Array,
  v: Int32Array,
  w: Float64Array,
  options: SolveOptions = {},
): MatchingSolution {
  checkSortedCompact(nodes, u, v, w);
  const solver = new BlossomSolver(nodes, u, v, w);
  if (options.start !== undefined) solver.resumeFrom(options.start);
  solver.solve();
  const result = solver.matching();
  if (options.certify === true) result.certificateProblem = solver.checkCertificate();
  if (options.duals === true) result.duals = solver.duals();
  return result;
}

function checkSortedCompact(nodes: number, u: Int32Array, v: Int32Array, w: Float64Array): void {
  const m = u.length;
  if (v.length !== m || w.length !== m) throw new RangeError('edge arrays differ in length');
  for (let k = 0; k < m; k++) {
    const a = u[k]!;
    const b = v[k]!;
    const ok =
      a >= 0 &&
      a < b &&
      b < nodes &&
      w[k]! > 0 &&
      Number.isFinite(w[k]!) &&
      (k === 0 || u[k - 1]! < a || (u[k - 1] === a && v[k - 1]! < b));
    if (!ok) throw new RangeError(`edge ${k} [${a}, ${b}] is not in sorted compact form`);
  }
}

/**
 * The solver kept between solves, for pricing (`whole-graph.ts`): solve, join the edges pricing found violated
 * (`addEdges`), solve again from where it stood. Unlike a `WarmStart`, which carries vertex duals only, it
 * keeps every blossom no new edge violates, so a resume grows trees only around the new edges.
 */
export class ResumableMatching {
  private readonly solver: BlossomSolver;
  /** The first solve starts from the fractional relaxation (done in `solve`, so it counts as solving). */
  private startFractionally: boolean;

  /**
   * `u`, `v`, `w`: the first graph in sorted compact form (as `solveSortedMaximumWeightMatching`). `start`: how
   * the first solve starts — greedily (see the module comment), or from the fractional relaxation (`jump-start.ts`:
   * on a round's subgraphs a quarter as many trees, and the first solve half as long or less).
   */
  constructor(
    nodes: number,
    u: Int32Array,
    v: Int32Array,
    w: Float64Array,
    options: { start?: 'greedy' | 'fractional' } = {},
  ) {
    checkSortedCompact(nodes, u, v, w);
    this.solver = new BlossomSolver(nodes, u, v, w);
    this.startFractionally = options.start === 'fractional';
  }

  /** Solves (resuming after `addEdges`); the result carries the duals. */
  solve(options: Pick<SolveOptions, 'certify'> = {}): MatchingSolution {
    if (this.startFractionally) {
      this.startFractionally = false;
      this.solver.startFractionally();
    }
    this.solver.solve();
    const result = this.solver.matching();
    if (options.certify === true) result.certificateProblem = this.solver.checkCertificate();
    result.duals = this.solver.duals();
    return result;
  }

  /** Joins edges (any order; pairs already in the graph are skipped) before the next solve. */
  addEdges(u: Int32Array, v: Int32Array, w: Float64Array): void {
    if (v.length !== u.length || w.length !== u.length) throw new RangeError('edge arrays differ in length');
    this.solver.addEdges(u, v, w);
  }
}

interface CompactGraph {
  u: Int32Array;
  v: Int32Array;
  w: Float64Array;
}

/** Drops self-loops and non-positive weights, orients u < v and keeps the best of duplicate edges. */
function compactGraph(n: number, edges: ReadonlyArray<WeightedEdge>): CompactGraph {
  const count = new Int32Array(n + 1);
  for (const [a, b, w] of edges) {
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= n || b >= n) {
      throw new RangeError(`edge [${a}, ${b}] has an endpoint outside 0..${n - 1}`);
    }
    if (!Number.isFinite(w)) throw new RangeError(`edge [${a}, ${b}] has a non-finite weight`);
    if (a === b || w <= 0) continue;
    count[Math.min(a, b) + 1]!++;
  }
  for (let x = 0; x < n; x++) count[x + 1]! += count[x]!;
  const other = new Int32Array(count[n]!);
  const weight = new Float64Array(count[n]!);
  const fill = count.slice(0, n);
  for (const [a, b, w] of edges) {
    if (a === b || w <= 0) continue;
    const lo = Math.min(a, b);
    const at = fill[lo]!++;
    other[at] = Math.max(a, b);
    weight[at] = w;
  }
  const seenAt = new Int32Array(n).fill(-1);
  const total = count[n]!;
  const outU = new Int32Array(total);
  const outV = new Int32Array(total);
  const outW = new Float64Array(total);
  let size = 0;
  for (let a = 0; a < n; a++) {
    const start = size;
    for (let i = count[a]!; i < count[a + 1]!; i++) {
      const b = other[i]!;
      const w = weight[i]!;
      const prev = seenAt[b]!;
      if (prev >= start) {
        if (w > outW[prev]!) outW[prev] = w;
      } else {
        seenAt[b] = size;
        outU[size] = a;
        outV[size] = b;
        outW[size] = w;
        size++;
      }
    }
  }
  return { u: outU.subarray(0, size), v: outV.subarray(0, size), w: outW.subarray(0, size) };
}

/** Binary min-heap of (key, item) with growable typed storage; stale entries are skipped by the caller. */
class MinHeap {
  private keys = new Float64Array(64);
  private items = new Int32Array(64);
  size = 0;

  push(key: number, item: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const items = new Int32Array(this.size * 2);
      items.set(this.items);
      this.items = items;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[i] = this.keys[parent]!;
      this.items[i] = this.items[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.items[i] = item;
  }

  topKey(): number {
    return this.keys[0]!;
  }

  clear(): void {
    this.size = 0;
  }

  topItem(): number {
    return this.items[0]!;
  }

  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const key = this.keys[last]!;
    const item = this.items[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.keys[i] = this.keys[child]!;
      this.items[i] = this.items[child]!;
      i = child;
    }
    this.keys[i] = key;
    this.items[i] = item;
  }
}

const FREE = 0;
const S = 1;
const T = 2;

/**
 * The primal–dual state. Endpoint p of edge k is 2k (its u side) or 2k+1 (its v side); `endpoint(p)` is that
 * vertex and `p ^ 1` the opposite end. Blossoms are numbered n..2n-1; ids below n are single vertices.
 */
class BlossomSolver {
  private readonly n: number;
  // The edges grow when `addEdges` joins new ones (appended: endpoint numbers already stored stay valid).
  private m: number;
  private eu: Int32Array;
  private ev: Int32Array;
  /** The input weights, and doubled, so duals stay integral. */
  private w: Float64Array;
  private wt: Float64Array;
  private adjStart: Int32Array;
  private adjEnd: Int32Array;
  /** Remote endpoints of each vertex's edges. */
  private adjP: Int32Array;
  /**
   * Beside each adjacency entry, its remote vertex and doubled weight: a vertex's scan then reads its own run of
   * memory instead of three arrays at the scattered edge index (the scans are most of the solver's memory traffic).
   */
  private adjOther: Int32Array;
  private adjWt: Float64Array;

  readonly mate: Int32Array;
  private readonly label: Int8Array;
  private readonly labelEnd: Int32Array;
  private readonly inBlossom: Int32Array;
  private readonly parent: Int32Array;
  private readonly childs: Array<number[] | null>;
  /**
   * Every blossom's vertices as one linked run: `firstLeaf[b]` … `lastLeaf[b]` through `nextLeaf` (a vertex is
   * its own run). A new blossom links its children's runs end to end (O(children)); expanding it leaves each
   * child's run as it was. Walking a blossom's vertices, which every label, blossom and dual move does, is then
   * a loop over an array, not a stack of sub-blossoms and a callback per vertex.
   */
  private readonly firstLeaf: Int32Array;
  private readonly lastLeaf: Int32Array;
  private readonly nextLeaf: Int32Array;
  private readonly endps: Array<number[] | null>;
  private readonly base: Int32Array;
  private readonly unused: number[] = [];
  private allowEdge: Uint8Array;
  private queue: number[] = [];
  /** Remote endpoints p of single edges to look at from their S end (endpoint(p ^ 1)). */
  private edgeQueue: number[] = [];

  /**
   * Lazy duals: the total dual change so far (`acc`), and per vertex / blossom the stored dual, the `acc` it
   * was stored at and the direction it moves in while its label stays (vertex: S −1, T +1; blossom: S +1, T −1).
   * The stored dual and its `acc` sit side by side (`stored[2x]`, `stored[2x + 1]`): reading a dual, which every
   * edge scanned does at a scattered vertex, then costs one cache line instead of two.
   */
  private acc = 0;
  private readonly stored: Float64Array;
  private readonly sign: Int8Array;
  /** Next events: S vertices by dual, S→free edges by slack, S–S edges by slack, T blossoms by dual. */
  private readonly zeroVertex = new MinHeap();
  private readonly toFree = new MinHeap();
  /**
   * Per free vertex: the edge and key of its smallest `toFree` entry still in the heap (-1 when none). On a
   * dense graph every S vertex sees hundreds of free neighbours, and pushing each edge filled the heap with
   * millions of entries that never reach the top; an edge no better than the vertex's current best is skipped.
   * When that best goes stale (its S end left the forest) it is popped before any skipped edge could be due,
   * and the vertex's edges are looked at again then.
   */
  private readonly bestFreeEdge: Int32Array;
  private readonly bestFreeKey: Float64Array;
  /** Free ends of edges that became tight; any still free at the next dual move are looked at again. */
  private recheck: number[] = [];
  private readonly betweenS = new MinHeap();
  private readonly zeroBlossom = new MinHeap();

  /** Root of the tree each labelled vertex belongs to (-1 when none), and each tree's members. */
  private readonly treeOf: Int32Array;
  private readonly members: Array<number[] | undefined>;
  private liveTrees = 0;

  constructor(n: number, eu: Int32Array, ev: Int32Array, w: Float64Array) {
    this.n = n;
    this.m = eu.length;
    this.eu = eu;
    this.ev = ev;
    this.w = w;
    this.wt = new Float64Array(this.m);
    for (let k = 0; k < this.m; k++) this.wt[k] = 2 * w[k]!;
    this.adjStart = new Int32Array(n + 1);
    this.adjEnd = new Int32Array(n);
    this.adjP = this.adjOther = new Int32Array(0);
    this.adjWt = new Float64Array(0);
    this.buildAdjacency();
    this.mate = new Int32Array(n).fill(-1);
    this.label = new Int8Array(2 * n);
    this.labelEnd = new Int32Array(2 * n).fill(-1);
    this.inBlossom = new Int32Array(n);
    for (let x = 0; x < n; x++) this.inBlossom[x] = x;
    this.parent = new Int32Array(2 * n).fill(-1);
    this.childs = new Array<number[] | null>(2 * n).fill(null);
    this.firstLeaf = new Int32Array(2 * n).fill(-1);
    this.lastLeaf = new Int32Array(2 * n).fill(-1);
    this.nextLeaf = new Int32Array(n).fill(-1);
    for (let x = 0; x < n; x++) this.firstLeaf[x] = this.lastLeaf[x] = x;
    this.endps = new Array<number[] | null>(2 * n).fill(null);
    this.base = new Int32Array(2 * n).fill(-1);
    for (let x = 0; x < n; x++) this.base[x] = x;
    for (let b = 2 * n - 1; b >= n; b--) this.unused.push(b);
    this.stored = new Float64Array(4 * n);
    this.sign = new Int8Array(2 * n);
    this.allowEdge = new Uint8Array(this.m);
    this.treeOf = new Int32Array(n).fill(-1);
    this.members = new Array<number[] | undefined>(n);
    this.bestFreeEdge = new Int32Array(n).fill(-1);
    this.bestFreeKey = new Float64Array(n);
  }

  /**
   * Each vertex's edges, in edge order: `adjStart[x]` … `adjEnd[x]`, with room up to `adjStart[x + 1]` when
   * `room` (after edges joined: 4 + a quarter of the vertex's edges, so a round's few new pairs are appended, not
   * a rebuild of the whole adjacency — at 50,000 people a million edges, each round).
   */
  private buildAdjacency(room = false): void {
    const { n, m, eu, ev } = this;
    const deg = new Int32Array(n);
    for (let k = 0; k < m; k++) {
      deg[eu[k]!]!++;
      deg[ev[k]!]!++;
    }
    const start = new Int32Array(n + 1);
    for (let x = 0; x < n; x++) start[x + 1] = start[x]! + deg[x]! + (room ? 4 + (deg[x]! >> 2) : 0);
    this.adjStart = start;
    this.adjEnd = start.slice(0, n);
    this.adjP = new Int32Array(start[n]!);
    this.adjOther = new Int32Array(start[n]!);
    this.adjWt = new Float64Array(start[n]!);
    for (let k = 0; k < m; k++) this.appendAdjacency(k);
  }

  /** Edge k at the end of each of its ends' edges (`buildAdjacency` left room). */
  private appendAdjacency(k: number): void {
    const a = this.adjEnd[this.eu[k]!]!++;
    this.adjP[a] = 2 * k + 1;
    this.adjOther[a] = this.ev[k]!;
    this.adjWt[a] = this.wt[k]!;
    const b = this.adjEnd[this.ev[k]!]!++;
    this.adjP[b] = 2 * k;
    this.adjOther[b] = this.eu[k]!;
    this.adjWt[b] = this.wt[k]!;
  }

  /** Records edge k (S end opposite free vertex w) as a future event unless w already has one due no later. */
  private pushToFree(k: number, key: number, w: number): void {
    if (this.bestFreeEdge[w]! >= 0 && this.bestFreeKey[w]! <= key) return;
    this.bestFreeEdge[w] = k;
    this.bestFreeKey[w] = key;
    this.toFree.push(key, k);
  }

  /** A popped `toFree` entry that was some vertex's best: forget it, and look again if the vertex is free. */
  private releaseBestFree(k: number, key: number): void {
    for (const x of [this.eu[k]!, this.ev[k]!]) {
      if (this.bestFreeEdge[x] !== k || this.bestFreeKey[x] !== key) continue;
      this.bestFreeEdge[x] = -1;
      if (this.label[this.inBlossom[x]!] === FREE) this.exposeToS(x);
    }
  }

  endpoint(p: number): number {
    return (p & 1) === 0 ? this.eu[p >> 1]! : this.ev[p >> 1]!;
  }

  /** Current dual of a vertex or blossom. */
  private y(x: number): number {
    return this.stored[2 * x]! + this.sign[x]! * (this.acc - this.stored[2 * x + 1]!);
  }

  /** Stores the current dual and starts moving it in direction `s`; S vertices and T blossoms enter a heap. */
  private setSign(x: number, s: number): void {
    const value = this.y(x);
    this.stored[2 * x] = value;
    this.stored[2 * x + 1] = this.acc;
    this.sign[x] = s;
    if (s === -1) {
      if (x < this.n) this.zeroVertex.push(value + this.acc, x);
      else this.zeroBlossom.push(value + this.acc, x);
    }
  }

  /** Gives every vertex of top-level blossom b (and b itself) the dual direction of label t. */
  private setLabelSigns(b: number, t: number): void {
    const vertexSign = t === S ? -1 : t === T ? 1 : 0;
    const { sign, nextLeaf } = this;
    for (let x = this.firstLeaf[b]!, last = this.lastLeaf[b]!; ; x = nextLeaf[x]!) {
      if (sign[x] !== vertexSign) this.setSign(x, vertexSign);
      if (x === last) break;
    }
    if (b >= this.n) this.setSign(b, t === S ? 1 : t === T ? -1 : 0);
  }

  private slack(k: number): number {
    return this.y(this.eu[k]!) + this.y(this.ev[k]!) - 2 * this.wt[k]!;
  }

  /** The vertices inside blossom b (b itself when it is a vertex), along its run. */
  private leaves(b: number): number[] {
    const out: number[] = [];
    for (let x = this.firstLeaf[b]!, last = this.lastLeaf[b]!; ; x = this.nextLeaf[x]!) {
      out.push(x);
      if (x === last) break;
    }
    return out;
  }

  /** Set by `resumeFrom`: the duals and matching are given, so the greedy warm start is skipped. */
  private resumed = false;

  /**
   * Before the first solve: start from the fractional relaxation (`fractionalStart`) instead of greedily; the
   * greedy start stays the fallback when the auction gives up.
   */
  startFractionally(): void {
    if (this.resumed) return;
    // adjWt is twice the weight; duals cover twice that (DUAL_SCALE).
    const start = fractionalStart(this.n, this.adjStart, this.adjEnd, this.adjOther, this.adjWt, 2);
    if (start !== null) this.resumeFrom(start);
  }

  /** Takes the given duals and matching as the starting state, after checking it is one (O(m)). */
  resumeFrom(start: WarmStart): void {
    const { n, adjStart, adjEnd, adjP } = this;
    if (start.dual.length !== n || start.mate.length !== n)
      throw new RangeError('warm start has the wrong size');
    for (let x = 0; x < n; x++) {
      const d = start.dual[x]!;
      if (!(d >= 0) || !Number.isFinite(d)) throw new RangeError(`warm start: vertex ${x} has dual ${d}`);
      this.stored[2 * x] = d;
    }
    for (let x = 0; x < n; x++) {
      const y = start.mate[x]!;
      if (y === -1) continue;
      if (y < 0 || y >= n || start.mate[y] !== x)
        throw new RangeError(`warm start: mate of ${x} is not mutual`);
      if (y < x) continue;
      let found = -1;
      for (let i = adjStart[x]!; i < adjEnd[x]!; i++) {
        if (this.endpoint(adjP[i]!) === y) {
          found = adjP[i]!;
          break;
        }
      }
      if (found < 0) throw new RangeError(`warm start: ${x}–${y} is not an edge`);
      this.mate[x] = found;
      this.mate[y] = found ^ 1;
    }
    for (let k = 0; k < this.m; k++) {
      const sl = this.slack(k);
      if (sl < 0) throw new RangeError(`warm start: edge ${k} violates its dual constraint`);
      if (sl !== 0 && this.mate[this.eu[k]!] === 2 * k + 1)
        throw new RangeError(`warm start: matched edge ${k} is not tight`);
    }
    this.resumed = true;
  }

  /** The current LP duals (see `DualSolution`). */
  duals(): DualSolution {
    const { n } = this;
    const vertex = new Float64Array(n);
    for (let x = 0; x < n; x++) vertex[x] = this.y(x);
    const blossom = new Float64Array(2 * n);
    for (let b = n; b < 2 * n; b++) if (this.base[b]! >= 0) blossom[b] = this.y(b);
    return { vertex, parent: Int32Array.from(this.parent), blossom };
  }

  /**
   * Joins edges to a solved graph and prepares the next solve to resume from the current state — blossoms kept.
   * Folding every blossom into its vertices (what a `WarmStart` carries) unmatches the matched edges inside
   * nested blossoms, and the next solve then grows them all again: at 10,000 people the last resume of a round
   * had 126 roots for 6 new edges. Here only the blossoms holding an end of a violated new edge are opened
   * (each gives its dual to its vertices; the matched edge at its base turns slack and is kept where a dual has
   * room to fall, else unmatched), and the violated edge is made feasible by raising its ends. Edges already
   * present are skipped. Call between solves only.
   */
  addEdges(u: Int32Array, v: Int32Array, w: Float64Array): void {
    const { n } = this;
    const fresh: number[] = [];
    for (let t = 0; t < u.length; t++) {
      const a = u[t]!;
      const b = v[t]!;
      if (!(a >= 0 && b >= 0 && a < n && b < n && a !== b && w[t]! > 0 && Number.isFinite(w[t]!)))
        throw new RangeError(`edge [${a}, ${b}] with weight ${w[t]} cannot join the graph`);
      if (this.edgeBetween(a, b) < 0) fresh.push(t);
    }
    const m = this.m + fresh.length;
    // The edge arrays keep room to grow (by half again when full), so a round's few pairs are not a copy of them.
    if (this.eu.length < m) {
      const capacity = Math.max(m, Math.floor(this.eu.length * 1.5));
      const grow = <A extends Int32Array | Float64Array>(from: A, to: A): A => {
        to.set(from.subarray(0, this.m));
        return to;
      };
      this.eu = grow(this.eu, new Int32Array(capacity));
      this.ev = grow(this.ev, new Int32Array(capacity));
      this.w = grow(this.w, new Float64Array(capacity));
      this.wt = grow(this.wt, new Float64Array(capacity));
    }
    for (const [at, t] of fresh.entries()) {
      const k = this.m + at;
      this.eu[k] = Math.min(u[t]!, v[t]!);
      this.ev[k] = Math.max(u[t]!, v[t]!);
      this.w[k] = w[t]!;
      this.wt[k] = 2 * w[t]!;
    }
    const first = this.m;
    this.m = m;
    // Appended to each end's edges where the adjacency has room (edge order kept: the new edges come last);
    // else rebuilt, with room for later rounds.
    const adding = new Int32Array(n);
    for (let k = first; k < m; k++) {
      adding[this.eu[k]!]!++;
      adding[this.ev[k]!]!++;
    }
    let fits = true;
    for (let x = 0; x < n && fits; x++) fits = this.adjEnd[x]! + adding[x]! <= this.adjStart[x + 1]!;
    if (fits) for (let k = first; k < m; k++) this.appendAdjacency(k);
    else this.buildAdjacency(true);
    // Every tree was dissolved when solve returned, so every dual is at rest; stored as such to be adjusted.
    for (let x = 0; x < 2 * n; x++) if (this.sign[x] !== 0) this.setSign(x, 0);
    // A search starts afresh: no labels, events or marks survive (every tree was dissolved when solve returned).
    if (this.allowEdge.length < m) this.allowEdge = new Uint8Array(this.eu.length);
    else this.allowEdge.fill(0);
    for (const heap of [this.zeroVertex, this.toFree, this.betweenS, this.zeroBlossom]) heap.clear();
    this.bestFreeEdge.fill(-1);
    this.queue = [];
    this.edgeQueue = [];
    this.recheck = [];
    for (let k = first; k < m; k++) {
      if (this.reducedCost(k) >= 0) continue;
      const a = this.eu[k]!;
      const b = this.ev[k]!;
      this.openAround(a);
      this.openAround(b);
      const need = -this.reducedCost(k);
      if (need <= 0) continue;
      // A free end is raised (it only becomes a root); else the raise is shared between the two ends as far as
      // their mates have room to fall, and only what is left unmatches a pair (both then root trees).
      if (this.mate[a] === -1 || this.mate[b] === -1) {
        this.stored[2 * (this.mate[a] === -1 ? a : b)]! += need;
        continue;
      }
      const onA = Math.min(need, Math.max(0, this.room(this.endpoint(this.mate[a]!), a)));
      if (onA > 0) this.raise(a, onA);
      if (need - onA > 0) this.raise(b, need - onA);
    }
    this.resumed = true;
  }

  /** The edge between a and b, or -1. */
  private edgeBetween(a: number, b: number): number {
    for (let i = this.adjStart[a]!; i < this.adjEnd[a]!; i++)
      if (this.adjOther[i] === b) return this.adjP[i]! >> 1;
    return -1;
  }

  /** Edge k's reduced cost (scaled, see DUAL_SCALE), counting the duals of the blossoms holding both ends. */
  private reducedCost(k: number): number {
    const a = this.eu[k]!;
    const b = this.ev[k]!;
    let reduced = this.slack(k);
    if (this.parent[a] === -1 || this.parent[b] === -1) return reduced;
    const holdsA = new Set<number>();
    for (let x = this.parent[a]!; x !== -1; x = this.parent[x]!) holdsA.add(x);
    for (let x = this.parent[b]!; x !== -1; x = this.parent[x]!) if (holdsA.has(x)) reduced += 2 * this.y(x);
    return reduced;
  }

  /**
   * Opens the blossoms holding x, outermost first, until x is a vertex of its own: each gives its dual to its
   * vertices (every edge inside keeps its reduced cost, every edge leaving it gains), its children become
   * top-level, and the matched edge at its base, now slack by that dual, is made tight again by lowering an
   * end with room to fall, else unmatched (its ends then root the next solve's trees). One walk over the
   * outermost blossom's vertices gives each the duals of every opened blossom holding it: opened one level at a
   * time, a blossom nested d deep cost d walks (at 50,000 people, 1.7 s of a round's resumes).
   */
  private openAround(x: number): void {
    const { inBlossom, parent, stored, firstLeaf, lastLeaf, nextLeaf } = this;
    if (inBlossom[x] === x) return;
    const chain: number[] = [];
    for (let b = parent[x]!; b !== -1; b = parent[b]!) chain.push(b);
    chain.reverse();
    let total = 0;
    for (let level = 0; level < chain.length; level++) {
      const b = chain[level]!;
      total += this.y(b);
      const inner = level + 1 < chain.length ? chain[level + 1]! : x;
      for (const c of this.childs[b]!) {
        parent[c] = -1;
        if (c === inner) continue;
        // c is top-level now: its vertices hold the duals of every opened blossom around it.
        for (let leaf = firstLeaf[c]!, last = lastLeaf[c]!; ; leaf = nextLeaf[leaf]!) {
          inBlossom[leaf] = c;
          stored[2 * leaf]! += total;
          if (leaf === last) break;
        }
      }
    }
    inBlossom[x] = x;
    stored[2 * x]! += total;
    // Each opened blossom's dual is still its own until it is retired.
    for (const b of chain) {
      const z = this.y(b);
      const base = this.base[b]!;
      this.retire(b);
      const p = this.mate[base]!;
      if (z > 0 && p !== -1) this.relieve(base, this.endpoint(p), z);
    }
  }

  /** Matched edge a–b is slack by `slack`: lower the ends that have room, else unmatch. */
  private relieve(a: number, b: number, slack: number): void {
    let left = slack;
    for (const [x, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (left === 0) continue;
      const by = Math.min(left, Math.max(0, this.room(x, other)));
      this.stored[2 * x]! -= by;
      left -= by;
    }
    if (left > 0) {
      this.mate[a] = -1;
      this.mate[b] = -1;
    }
  }

  /**
   * How far vertex x's dual can fall before one of its edges other than the one to `except` turns infeasible,
   * on vertex duals alone: exact outside blossoms, and inside one at most the truth (blossom duals only add) —
   * at most 0 there, since x's blossom's cycle edges are tight.
   */
  private room(x: number, except: number): number {
    const yx = this.y(x);
    let least = yx;
    for (let i = this.adjStart[x]!; i < this.adjEnd[x]!; i++) {
      if (this.adjOther[i] === except) continue;
      least = Math.min(least, yx + this.y(this.adjOther[i]!) - 2 * this.adjWt[i]!);
    }
    return least;
  }

  /** Raises vertex x by `by`, lowering its mate as much when it has the room (the pair stays), else unmatching. */
  private raise(x: number, by: number): void {
    const p = this.mate[x]!;
    if (p !== -1) {
      const mateOf = this.endpoint(p);
      if (this.room(mateOf, x) >= by) this.stored[2 * mateOf]! -= by;
      else {
        this.mate[x] = -1;
        this.mate[mateOf] = -1;
      }
    }
    this.stored[2 * x]! += by;
  }

  /** Matched pairs (sorted) and their weight, read from each vertex's matched edge: O(n). */
  matching(): MatchingSolution {
    const { n } = this;
    const mate = new Int32Array(n).fill(-1);
    let weight = 0;
    const pairs: Array<[number, number]> = [];
    for (let x = 0; x < n; x++) {
      const p = this.mate[x]!;
      if (p < 0) continue;
      const other = this.endpoint(p);
      mate[x] = other;
      if (x < other) {
        weight += this.w[p >> 1]!;
        pairs.push([x, other]);
      }
    }
    return { mate, weight, pairs };
  }

  /** Greedy warm start: feasible duals, then a matching on tight edges (see the module comment). */
  private warmStart(): void {
    const { n, adjStart, adjEnd, adjP } = this;
    const dual = new Float64Array(n);
    for (let x = 0; x < n; x++) {
      let best = 0;
      for (let i = adjStart[x]!; i < adjEnd[x]!; i++) best = Math.max(best, this.wt[adjP[i]! >> 1]!);
      dual[x] = best;
    }
    // Lower each dual as far as feasibility allows (heaviest vertices first keeps more heavy edges tight).
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dual[b]! - dual[a]! || a - b);
    for (const x of order) {
      let need = 0;
      for (let i = adjStart[x]!; i < adjEnd[x]!; i++) {
        const p = adjP[i]!;
        need = Math.max(need, 2 * this.wt[p >> 1]! - dual[this.endpoint(p)]!);
      }
      dual[x] = need;
    }
    for (let x = 0; x < n; x++) this.stored[2 * x] = dual[x]!;
    this.matchTightGreedily(order);
  }

  /** A greedy matching on tight edges among free vertices, then short augmenting paths on tight edges. */
  private matchTightGreedily(order: readonly number[]): void {
    const { adjStart, adjEnd, adjP, stored } = this;
    const { inBlossom } = this;
    for (const x of order) {
      if (this.mate[x] !== -1) continue;
      let chosen = -1;
      let chosenWeight = -1;
      for (let i = adjStart[x]!; i < adjEnd[x]!; i++) {
        const p = adjP[i]!;
        const k = p >> 1;
        const y = this.endpoint(p);
        if (this.mate[y] === -1 && this.slack(k) === 0 && this.wt[k]! > chosenWeight) {
          chosen = p;
          chosenWeight = this.wt[k]!;
        }
      }
      if (chosen >= 0) {
        this.mate[x] = chosen;
        this.mate[this.endpoint(chosen)] = chosen ^ 1;
      }
    }
    // Short augmenting paths on tight edges (free x – y = z – free q): cheap, and each removes two trees.
    for (const x of order) {
      // Before any label, a vertex's dual is its stored one.
      if (this.mate[x] !== -1 || stored[2 * x] === 0) continue;
      search: for (let i = adjStart[x]!; i < adjEnd[x]!; i++) {
        const px = adjP[i]!;
        if (this.slack(px >> 1) !== 0) continue;
        const y = this.endpoint(px);
        const my = this.mate[y]!;
        if (my === -1) continue;
        const z = this.endpoint(my);
        // Blossoms kept by `addEdges`: a matched edge inside one must stay (its blossom would break). Any other
        // edge's slack is exact on vertex duals (no blossom holds both ends), and a free vertex or an end of a
        // matched edge leaving a blossom is that blossom's base, whose mate may change.
        if (inBlossom[y] === inBlossom[z]) continue;
        for (let j = adjStart[z]!; j < adjEnd[z]!; j++) {
          const pz = adjP[j]!;
          const q = this.endpoint(pz);
          if (q === x || q === y || this.mate[q] !== -1 || this.slack(pz >> 1) !== 0) continue;
          this.mate[x] = px;
          this.mate[y] = px ^ 1;
          this.mate[z] = pz;
          this.mate[q] = pz ^ 1;
          break search;
        }
      }
    }
  }

  /**
   * Checks the optimality certificate of the final state: every dual ≥ 0, every edge's reduced cost
   * y_i + y_j − 2w + 2·Σ z(blossoms containing both) ≥ 0 and = 0 when matched, free vertices at dual 0, and every
   * blossom with a positive dual full. Together these prove the matching has maximum weight (LP duality).
   */
  checkCertificate(): string | null {
    const { n } = this;
    for (let x = 0; x < n; x++) {
      const value = this.y(x);
      if (value < 0) return `vertex ${x} has a negative dual`;
      if (this.mate[x] === -1 && value !== 0) return `free vertex ${x} has a positive dual`;
    }
    const mark = new Int32Array(2 * n).fill(-1);
    for (let b = n; b < 2 * n; b++) {
      if (this.base[b]! < 0) continue;
      const z = this.y(b);
      if (z < 0) return `blossom ${b} has a negative dual`;
      if (z > 0) {
        const leaves = this.leaves(b);
        for (const x of leaves) mark[x] = b;
        let inside = 0;
        for (const x of leaves) if (this.mate[x] !== -1 && mark[this.endpoint(this.mate[x]!)] === b) inside++;
        if (inside !== leaves.length - 1) return `blossom ${b} has a positive dual but is not full`;
      }
    }
    mark.fill(-1);
    for (let k = 0; k < this.m; k++) {
      const i = this.eu[k]!;
      const j = this.ev[k]!;
      let reduced = this.y(i) + this.y(j) - 2 * this.wt[k]!;
      for (let b = this.parent[i]!; b !== -1; b = this.parent[b]!) mark[b] = k;
      for (let b = this.parent[j]!; b !== -1; b = this.parent[b]!)
        if (mark[b] === k) reduced += 2 * this.y(b);
      if (reduced < 0) return `edge ${i}–${j} violates its dual constraint`;
      if (this.mate[i] === 2 * k + 1 && reduced !== 0) return `matched edge ${i}–${j} is not tight`;
    }
    return null;
  }

  solve(): void {
    const { n } = this;
    if (this.resumed) {
      // Free vertices first, heaviest dual first, as the greedy warm start orders them.
      const order: number[] = [];
      for (let x = 0; x < n; x++) if (this.mate[x] === -1 && this.stored[2 * x]! > 0) order.push(x);
      order.sort((a, b) => this.stored[2 * b]! - this.stored[2 * a]! || a - b);
      this.matchTightGreedily(order);
    } else {
      this.warmStart();
    }
    for (let x = 0; x < n; x++) {
      if (this.mate[x] === -1 && this.stored[2 * x]! > 0) {
        this.liveTrees++;
        this.assignLabel(x, S, -1);
      }
    }
    while (this.liveTrees > 0) this.step();
  }

  /** Grows the forest along tight edges, then moves the duals to the next event and handles it. */
  private step(): void {
    const { label, inBlossom, adjStart, adjEnd, adjP, adjOther, adjWt, allowEdge } = this;
    for (;;) {
      if (this.edgeQueue.length > 0) {
        // A single edge that became tight: only it needs looking at, not its end's whole neighbourhood.
        const p = this.edgeQueue.pop()!;
        const v = this.endpoint(p ^ 1);
        if (label[inBlossom[v]!] === S && this.scanEdge(v, this.y(v), p, this.endpoint(p), this.wt[p >> 1]!))
          return;
      } else if (this.queue.length > 0) {
        const v = this.queue.pop()!;
        // The tree that queued v may have been dissolved since.
        if (label[inBlossom[v]!] !== S) continue;
        // v's dual stays put while its edges are scanned (duals move only between events).
        const yv = this.y(v);
        for (let i = adjStart[v]!; i < adjEnd[v]!; i++) {
          if (this.scanEdge(v, yv, adjP[i]!, adjOther[i]!, adjWt[i]!)) return;
        }
      } else {
        break;
      }
    }
    if (this.liveTrees === 0) return;

    // Next event: the smallest dual change that makes something happen.
    while (this.recheck.length > 0) {
      const x = this.recheck.pop()!;
      if (this.label[this.inBlossom[x]!] === FREE) this.exposeToS(x);
    }
    let delta = Infinity;
    let kind = 0;
    while (this.zeroVertex.size > 0) {
      const x = this.zeroVertex.topItem();
      if (this.sign[x] === -1 && this.stored[2 * x]! + this.stored[2 * x + 1]! === this.zeroVertex.topKey())
        break;
      this.zeroVertex.pop();
    }
    if (this.zeroVertex.size > 0) {
      delta = this.zeroVertex.topKey() - this.acc;
      kind = 1;
    }
    while (this.toFree.size > 0) {
      const k = this.toFree.topItem();
      const li = label[inBlossom[this.eu[k]!]!];
      const lj = label[inBlossom[this.ev[k]!]!];
      const valid = (li === S && lj === FREE) || (li === FREE && lj === S);
      const key = this.toFree.topKey();
      if (valid && this.slack(k) + this.acc === key) break;
      this.toFree.pop();
      this.releaseBestFree(k, key);
    }
    if (this.toFree.size > 0 && this.toFree.topKey() - this.acc < delta) {
      delta = this.toFree.topKey() - this.acc;
      kind = 2;
    }
    while (this.betweenS.size > 0) {
      const k = this.betweenS.topItem();
      const bi = inBlossom[this.eu[k]!]!;
      const bj = inBlossom[this.ev[k]!]!;
      const valid = bi !== bj && label[bi] === S && label[bj] === S;
      if (valid && this.slack(k) + 2 * this.acc === this.betweenS.topKey()) break;
      this.betweenS.pop();
    }
    if (this.betweenS.size > 0 && (this.betweenS.topKey() - 2 * this.acc) / 2 < delta) {
      delta = (this.betweenS.topKey() - 2 * this.acc) / 2;
      kind = 3;
    }
    while (this.zeroBlossom.size > 0) {
      const b = this.zeroBlossom.topItem();
      const valid = this.sign[b] === -1 && this.parent[b] === -1 && this.base[b]! >= 0 && label[b] === T;
      if (valid && this.stored[2 * b]! + this.stored[2 * b + 1]! === this.zeroBlossom.topKey()) break;
      this.zeroBlossom.pop();
    }
    if (this.zeroBlossom.size > 0 && this.zeroBlossom.topKey() - this.acc < delta) {
      delta = this.zeroBlossom.topKey() - this.acc;
      kind = 4;
    }
    // Looking at a vertex's edges again (above) may have found an edge that is tight already: handle it before
    // any dual moves.
    if (this.edgeQueue.length > 0) return;
    if (kind === 0) throw new Error('matching solver: no dual event while trees remain (internal error)');
    this.acc += delta;

    if (kind === 1) {
      // An S vertex reached dual zero. A free one is finished; a matched one takes its root's place as the
      // free vertex (swap along the even alternating path), which keeps every matched edge tight.
      const x = this.zeroVertex.topItem();
      this.zeroVertex.pop();
      const root = this.treeOf[x]!;
      if (this.mate[x] !== -1) this.flipToRoot(x, -1);
      this.dissolve(root);
    } else if (kind === 2) {
      const k = this.toFree.topItem();
      const key = this.toFree.topKey();
      this.toFree.pop();
      allowEdge[k] = 1;
      // Remote endpoint seen from the S end.
      this.edgeQueue.push(label[inBlossom[this.eu[k]!]!] === S ? 2 * k + 1 : 2 * k);
      // Usually the free end is labelled now; if an augmentation found first leaves it free, its skipped edges
      // must still be due, so it is looked at again before the next dual move.
      for (const x of [this.eu[k]!, this.ev[k]!]) {
        if (this.bestFreeEdge[x] !== k || this.bestFreeKey[x] !== key) continue;
        this.bestFreeEdge[x] = -1;
        this.recheck.push(x);
      }
    } else if (kind === 3) {
      const k = this.betweenS.topItem();
      this.betweenS.pop();
      allowEdge[k] = 1;
      this.edgeQueue.push(2 * k + 1);
    } else {
      const b = this.zeroBlossom.topItem();
      this.zeroBlossom.pop();
      this.expandBlossom(b);
    }
  }

  /**
   * Looks at edge (v, w = endpoint(p)) from S vertex v, whose dual is yv and the edge's doubled weight wt; returns
   * true when it augmented (the forest changed).
   */
  private scanEdge(v: number, yv: number, p: number, w: number, wt: number): boolean {
    const { label, inBlossom, allowEdge } = this;
    const k = p >> 1;
    const bv = inBlossom[v]!;
    const bw = inBlossom[w]!;
    // Nothing to learn from a single T vertex (a "reached" mark only matters inside a T blossom).
    if (bv === bw || (bw < this.n && label[bw] === T)) return false;
    let kslack = 0;
    if (allowEdge[k] === 0) {
      kslack = yv + this.y(w) - 2 * wt;
      if (kslack <= 0) allowEdge[k] = 1;
    }
    if (allowEdge[k] === 1) {
      if (label[bw] === FREE) {
        if (this.mate[this.base[bw]!] === -1) {
          // A finished free vertex (dual zero) reached on a tight edge: augment to it.
          this.augmentMatching(k, v);
          return true;
        }
        this.assignLabel(w, T, p ^ 1);
      } else if (label[bw] === S) {
        const b = this.scanBlossom(v, w);
        if (b < 0) {
          this.augmentMatching(k, v);
          return true;
        }
        this.addBlossom(b, k);
      } else if (label[w] === FREE) {
        label[w] = T;
        this.labelEnd[w] = p ^ 1;
      }
    } else if (label[bw] === S) {
      this.betweenS.push(kslack + 2 * this.acc, k);
    } else if (label[bw] === FREE) {
      this.pushToFree(k, kslack + this.acc, w);
    }
    return false;
  }

  /** An unlabelled vertex: tell its S neighbours (tight edge → rescan them; otherwise a future event). */
  private exposeToS(x: number): void {
    const yx = this.y(x);
    for (let i = this.adjStart[x]!; i < this.adjEnd[x]!; i++) {
      const p = this.adjP[i]!;
      const y = this.adjOther[i]!;
      const by = this.inBlossom[y]!;
      if (this.label[by] !== S || by === this.inBlossom[x]) continue;
      const sl = yx + this.y(y) - 2 * this.adjWt[i]!;
      if (sl <= 0) this.edgeQueue.push(p ^ 1);
      else this.pushToFree(p >> 1, sl + this.acc, x);
    }
  }

  /** Clears every label of tree `root` after it augmented, swapped or finished; its neighbours see it anew. */
  private dissolve(root: number): void {
    if (root < 0) return;
    const members = this.members[root];
    this.members[root] = undefined;
    this.liveTrees--;
    if (members === undefined) return;
    const gone: number[] = [];
    for (const v of members) {
      if (this.treeOf[v] !== root) continue;
      this.treeOf[v] = -1;
      gone.push(v);
      this.label[v] = FREE;
      if (this.sign[v] !== 0) this.setSign(v, 0);
      for (let b = this.parent[v]!; b !== -1; b = this.parent[b]!) {
        this.label[b] = FREE;
        if (this.sign[b] !== 0) this.setSign(b, 0);
      }
    }
    for (const v of gone) {
      // One pass over v's edges: forget tightness and marks, and show v to its S neighbours (as exposeToS).
      const bv = this.inBlossom[v]!;
      const yv = this.y(v);
      for (let i = this.adjStart[v]!; i < this.adjEnd[v]!; i++) {
        const p = this.adjP[i]!;
        this.allowEdge[p >> 1] = 0;
        const w = this.adjOther[i]!;
        const bw = this.inBlossom[w]!;
        if (this.label[bw] === S) {
          if (bw === bv) continue;
          const sl = yv + this.y(w) - 2 * this.adjWt[i]!;
          if (sl <= 0) this.edgeQueue.push(p ^ 1);
          else this.pushToFree(p >> 1, sl + this.acc, v);
        } else if (this.label[w] === T && this.treeOf[w] !== -1 && this.labelEnd[w] === (p ^ 1)) {
          // A vertex inside another tree's T blossom that v had reached is no longer reached: forget the mark,
          // or expanding that blossom later would hang a sub-blossom below a vertex that is not S any more.
          this.label[w] = FREE;
        }
      }
    }
  }

  private assignLabel(w: number, t: number, p: number): void {
    const b = this.inBlossom[w]!;
    this.label[w] = t;
    this.label[b] = t;
    this.labelEnd[w] = p;
    this.labelEnd[b] = p;
    this.setLabelSigns(b, t);
    const root = p === -1 ? w : this.treeOf[this.endpoint(p)]!;
    let list = this.members[root];
    if (list === undefined) {
      list = [];
      this.members[root] = list;
    }
    const { treeOf, nextLeaf, queue } = this;
    const first = this.firstLeaf[b]!;
    const last = this.lastLeaf[b]!;
    for (let x = first; ; x = nextLeaf[x]!) {
      if (treeOf[x] !== root) {
        treeOf[x] = root;
        list.push(x);
      }
      if (x === last) break;
    }
    if (t === S) {
      for (let x = first; ; x = nextLeaf[x]!) {
        queue.push(x);
        if (x === last) break;
      }
    } else {
      const mb = this.mate[this.base[b]!]!;
      this.assignLabel(this.endpoint(mb), S, mb ^ 1);
    }
  }

  /** Walks up from both ends; returns the base of a new blossom, or -1 when the trees differ (augmenting path). */
  private scanBlossom(v0: number, w0: number): number {
    const path: number[] = [];
    let base = -1;
    let v = v0;
    let w = w0;
    while (v !== -1 || w !== -1) {
      let b = this.inBlossom[v]!;
      if ((this.label[b]! & 4) !== 0) {
        base = this.base[b]!;
        break;
      }
      path.push(b);
      this.label[b] = 5;
      if (this.labelEnd[b] === -1) {
        v = -1;
      } else {
        v = this.endpoint(this.labelEnd[b]!);
        b = this.inBlossom[v]!;
        v = this.endpoint(this.labelEnd[b]!);
      }
      if (w !== -1) {
        const tmp = v;
        v = w;
        w = tmp;
      }
    }
    for (const b of path) this.label[b] = S;
    return base;
  }

  private addBlossom(base: number, k: number): void {
    const { inBlossom } = this;
    let v = this.eu[k]!;
    let w = this.ev[k]!;
    const bb = inBlossom[base]!;
    let bv = inBlossom[v]!;
    let bw = inBlossom[w]!;
    const b = this.unused.pop()!;
    this.base[b] = base;
    this.parent[b] = -1;
    this.parent[bb] = b;
    const path: number[] = [];
    const endps: number[] = [];
    while (bv !== bb) {
      this.parent[bv] = b;
      path.push(bv);
      endps.push(this.labelEnd[bv]!);
      v = this.endpoint(this.labelEnd[bv]!);
      bv = inBlossom[v]!;
    }
    path.push(bb);
    path.reverse();
    endps.reverse();
    endps.push(2 * k);
    while (bw !== bb) {
      this.parent[bw] = b;
      path.push(bw);
      endps.push(this.labelEnd[bw]! ^ 1);
      w = this.endpoint(this.labelEnd[bw]!);
      bw = inBlossom[w]!;
    }
    this.childs[b] = path;
    this.endps[b] = endps;
    // The children's runs of vertices, end to end.
    const { firstLeaf, lastLeaf, nextLeaf } = this;
    for (let c = 0; c + 1 < path.length; c++) nextLeaf[lastLeaf[path[c]!]!] = firstLeaf[path[c + 1]!]!;
    firstLeaf[b] = firstLeaf[path[0]!]!;
    lastLeaf[b] = lastLeaf[path[path.length - 1]!]!;
    // The children stop being top-level: their duals freeze.
    for (const child of path) if (child >= this.n) this.setSign(child, 0);
    this.label[b] = S;
    this.labelEnd[b] = this.labelEnd[bb]!;
    this.stored[2 * b] = 0;
    this.stored[2 * b + 1] = this.acc;
    this.sign[b] = 0;
    this.setSign(b, 1);
    const { label, queue } = this;
    for (let x = firstLeaf[b], last = lastLeaf[b]; ; x = nextLeaf[x]!) {
      if (label[inBlossom[x]!] === T) {
        // A T vertex becomes S: its dual now falls, and it must be scanned.
        this.setSign(x, -1);
        queue.push(x);
      }
      inBlossom[x] = b;
      if (x === last) break;
    }
  }

  /** Dissolves T blossom b whose dual reached zero, relabelling the children on the tree path (Galil). */
  private expandBlossom(b: number): void {
    const { inBlossom } = this;
    const childs = this.childs[b]!;
    this.setSign(b, 0);
    const { sign, firstLeaf, lastLeaf, nextLeaf } = this;
    for (const s of childs) {
      this.parent[s] = -1;
      for (let x = firstLeaf[s]!, last = lastLeaf[s]!; ; x = nextLeaf[x]!) {
        inBlossom[x] = s;
        // Unlabelled until relabelled below.
        if (sign[x] !== 0) this.setSign(x, 0);
        if (x === last) break;
      }
    }
    const endps = this.endps[b]!;
    const len = childs.length;
    const at = (j: number): number => ((j % len) + len) % len;
    const entryChild = inBlossom[this.endpoint(this.labelEnd[b]! ^ 1)]!;
    let j = childs.indexOf(entryChild);
    let jstep: number;
    let endpTrick: number;
    if ((j & 1) !== 0) {
      j -= len;
      jstep = 1;
      endpTrick = 0;
    } else {
      jstep = -1;
      endpTrick = 1;
    }
    let p = this.labelEnd[b]!;
    while (j !== 0) {
      this.label[this.endpoint(p ^ 1)] = FREE;
      this.label[this.endpoint(endps[at(j - endpTrick)]! ^ endpTrick ^ 1)] = FREE;
      this.assignLabel(this.endpoint(p ^ 1), T, p);
      this.allowEdge[endps[at(j - endpTrick)]! >> 1] = 1;
      j += jstep;
      p = endps[at(j - endpTrick)]! ^ endpTrick;
      this.allowEdge[p >> 1] = 1;
      j += jstep;
    }
    const bv = childs[at(j)]!;
    const entry = this.endpoint(p ^ 1);
    this.label[entry] = T;
    this.label[bv] = T;
    this.labelEnd[entry] = p;
    this.labelEnd[bv] = p;
    this.setLabelSigns(bv, T);
    j += jstep;
    while (childs[at(j)] !== entryChild) {
      const c = childs[at(j)]!;
      if (this.label[c] === S) {
        j += jstep;
        continue;
      }
      let reached = -1;
      for (let x = firstLeaf[c]!, last = lastLeaf[c]!; ; x = nextLeaf[x]!) {
        if (this.label[x] !== FREE) {
          reached = x;
          break;
        }
        if (x === last) break;
      }
      if (reached >= 0) {
        this.label[reached] = FREE;
        this.label[this.endpoint(this.mate[this.base[c]!]!)] = FREE;
        this.assignLabel(reached, T, this.labelEnd[reached]!);
      }
      j += jstep;
    }
    // Children left unlabelled leave the tree; their S neighbours must see them as free vertices now.
    for (const c of childs) {
      if (this.label[c] !== FREE) continue;
      const first = firstLeaf[c]!;
      const last = lastLeaf[c]!;
      for (let x = first; ; x = nextLeaf[x]!) {
        this.label[x] = FREE;
        this.treeOf[x] = -1;
        if (x === last) break;
      }
      for (let x = first; ; x = nextLeaf[x]!) {
        this.exposeToS(x);
        if (x === last) break;
      }
    }
    this.retire(b);
  }

  /** Returns blossom id b, whose children are top-level now, to the unused ids. */
  private retire(b: number): void {
    this.label[b] = FREE;
    this.labelEnd[b] = -1;
    this.childs[b] = null;
    this.endps[b] = null;
    this.base[b] = -1;
    this.stored[2 * b] = 0;
    this.unused.push(b);
  }

  /**
   * Rotates blossom b so that vertex v becomes its base, swapping matched edges inside it; every sub-blossom on
   * the way is rotated likewise. A work list, not recursion: nested blossoms run thousands deep on large rounds
   * (a sparse 100,000-person graph overflowed the stack), and the sub-blossoms are disjoint, so the order of
   * their rotations does not matter.
   */
  private augmentBlossom(top: number, topV: number): void {
    const work = [top, topV];
    while (work.length > 0) {
      const v = work.pop()!;
      const b = work.pop()!;
      let t = v;
      while (this.parent[t] !== b) t = this.parent[t]!;
      if (t >= this.n) work.push(t, v);
      const childs = this.childs[b]!;
      const endps = this.endps[b]!;
      const len = childs.length;
      const at = (j: number): number => ((j % len) + len) % len;
      const i = childs.indexOf(t);
      let j = i;
      let jstep: number;
      let endpTrick: number;
      if ((i & 1) !== 0) {
        j -= len;
        jstep = 1;
        endpTrick = 0;
      } else {
        jstep = -1;
        endpTrick = 1;
      }
      while (j !== 0) {
        j += jstep;
        let c = childs[at(j)]!;
        const p = endps[at(j - endpTrick)]! ^ endpTrick;
        if (c >= this.n) work.push(c, this.endpoint(p));
        j += jstep;
        c = childs[at(j)]!;
        if (c >= this.n) work.push(c, this.endpoint(p ^ 1));
        this.mate[this.endpoint(p)] = p ^ 1;
        this.mate[this.endpoint(p ^ 1)] = p;
      }
      this.childs[b] = childs.slice(i).concat(childs.slice(0, i));
      this.endps[b] = endps.slice(i).concat(endps.slice(0, i));
      // The child holding v comes first and gets v as its base (rotated above or below in the work list).
      this.base[b] = v;
    }
  }

  /** Matches vertex s through endpoint p (or frees it when p is -1), then swaps matched edges up to the root. */
  private flipToRoot(start: number, firstP: number): void {
    let s = start;
    let p = firstP;
    for (;;) {
      const bs = this.inBlossom[s]!;
      if (bs >= this.n) this.augmentBlossom(bs, s);
      this.mate[s] = p;
      if (this.labelEnd[bs] === -1 || this.label[bs] !== S) break;
      const t = this.endpoint(this.labelEnd[bs]!);
      const bt = this.inBlossom[t]!;
      s = this.endpoint(this.labelEnd[bt]!);
      const j = this.endpoint(this.labelEnd[bt]! ^ 1);
      if (bt >= this.n) this.augmentBlossom(bt, j);
      this.mate[j] = this.labelEnd[bt]!;
      p = this.labelEnd[bt]! ^ 1;
    }
  }

  /** Augments along edge k from its S end v: both sides swap matched edges up to their roots. */
  private augmentMatching(k: number, v: number): void {
    const w = v === this.eu[k] ? this.ev[k]! : this.eu[k]!;
    const pTowardW = v === this.eu[k] ? 2 * k + 1 : 2 * k;
    const rootV = this.treeOf[v]!;
    const rootW = this.label[this.inBlossom[w]!] === S ? this.treeOf[w]! : -1;
    this.flipToRoot(v, pTowardW);
    this.flipToRoot(w, pTowardW ^ 1);
    this.dissolve(rootV);
    this.dissolve(rootW);
  }
}
