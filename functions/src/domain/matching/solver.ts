/**
 * Exact maximum-weight matching on a general graph: the primal–dual blossom method (Edmonds; Galil's O(n³)
 * formulation), written for speed on the graphs a matching round produces.
 *
 * Why it is fast where a straight port is slow (see docs/decisions/0003-matching-algorithm.md):
 * - Warm start. Vertex duals start at each vertex's best incident weight and are then lowered greedily, and a
 *   greedy matching on the tight edges is taken as the initial primal. The classic code starts from the empty
 *   matching, so it runs one full stage (a scan of the whole graph) per augmentation: n/2 stages. Here only the
 *   few vertices the greedy start left free need stages.
 *   The classic stopping rule assumes every free vertex carries the same dual; a warm start breaks that, so a
 *   stage can also end when a tree vertex's dual reaches zero: a free root is then finished (free with dual
 *   zero satisfies complementary slackness), a matched tree vertex swaps the even alternating path to its root
 *   (it becomes the free, finished one). Every stage removes at least one free vertex with a positive dual, so
 *   the method terminates; on termination all optimality conditions hold (docs/matching.md gives the argument).
 * - Work proportional to the forest, not the graph: the dual update and the delta search only visit vertices
 *   and blossoms labelled in the current stage (stamped lists), so a stage that grows a small tree is cheap.
 *   This is what makes connected components independent in practice: a stage never touches another component.
 * - Typed arrays, compressed adjacency, no per-stage allocation beyond the blossom child lists.
 * Weights are doubled internally so all dual values stay integral (every root keeps the same parity).
 */

export type WeightedEdge = readonly [number, number, number];

export interface MatchingSolution {
  /** mate[v] = the vertex matched with v, or -1. */
  mate: Int32Array;
  /** Sum of the weights of the matched edges (input weights). */
  weight: number;
  /** Matched pairs [u, v] with u < v, sorted. */
  pairs: Array<[number, number]>;
}

/**
 * Maximum-weight matching (not necessarily maximum cardinality; edges with weight ≤ 0 are never useful and are
 * ignored). Duplicate edges keep their largest weight. Vertices are 0..nodes-1.
 */
export function solveMaximumWeightMatching(
  nodes: number,
  edges: ReadonlyArray<WeightedEdge>,
): MatchingSolution {
  if (!Number.isInteger(nodes) || nodes < 0)
    throw new RangeError(`nodes must be a non-negative integer, got ${nodes}`);
  const graph = compactGraph(nodes, edges);
  const solver = new BlossomSolver(nodes, graph.u, graph.v, graph.w);
  solver.solve();
  const mate = new Int32Array(nodes).fill(-1);
  let weight = 0;
  const pairs: Array<[number, number]> = [];
  for (let x = 0; x < nodes; x++) {
    const p = solver.mate[x]!;
    if (p >= 0) mate[x] = solver.endpoint(p);
  }
  for (let k = 0; k < graph.u.length; k++) {
    const a = graph.u[k]!;
    const b = graph.v[k]!;
    if (mate[a] === b) {
      weight += graph.w[k]!;
      pairs.push([a, b]);
    }
  }
  pairs.sort((x, y) => x[0] - y[0]);
  return { mate, weight, pairs };
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
  const outU: number[] = [];
  const outV: number[] = [];
  const outW: number[] = [];
  for (let a = 0; a < n; a++) {
    const start = outU.length;
    for (let i = count[a]!; i < count[a + 1]!; i++) {
      const b = other[i]!;
      const w = weight[i]!;
      const prev = seenAt[b]!;
      if (prev >= start) {
        if (w > outW[prev]!) outW[prev] = w;
      } else {
        seenAt[b] = outU.length;
        outU.push(a);
        outV.push(b);
        outW.push(w);
      }
    }
  }
  return { u: Int32Array.from(outU), v: Int32Array.from(outV), w: Float64Array.from(outW) };
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
  private readonly m: number;
  private readonly eu: Int32Array;
  private readonly ev: Int32Array;
  /** Doubled weights, so duals stay integral. */
  private readonly wt: Float64Array;
  private readonly adjStart: Int32Array;
  /** Remote endpoints of each vertex's edges. */
  private readonly adjP: Int32Array;

  readonly mate: Int32Array;
  private readonly label: Int8Array;
  private readonly labelEnd: Int32Array;
  private readonly inBlossom: Int32Array;
  private readonly parent: Int32Array;
  private readonly childs: Array<number[] | null>;
  private readonly endps: Array<number[] | null>;
  private readonly base: Int32Array;
  private readonly bestEdge: Int32Array;
  private readonly blossomBestEdges: Array<number[] | null>;
  private readonly unused: number[] = [];
  private readonly dual: Float64Array;
  private readonly allowEdge: Uint8Array;
  private queue: number[] = [];

  // Per-stage bookkeeping: what this stage touched, so updates and searches skip the rest of the graph.
  private stage = 0;
  private readonly vertexStamp: Int32Array;
  private labelled: number[] = [];
  private readonly bestStamp: Int32Array;
  private bestTouched: number[] = [];
  private readonly blossomStamp: Int32Array;
  private blossomsTouched: number[] = [];
  private readonly bestTo: Int32Array;
  /** Root of the tree each labelled vertex belongs to (-1 when none), and each tree's members. */
  private readonly treeOf: Int32Array;
  private readonly members: Array<number[] | undefined>;
  private liveTrees = 0;

  constructor(n: number, eu: Int32Array, ev: Int32Array, w: Float64Array) {
    this.n = n;
    this.m = eu.length;
    this.eu = eu;
    this.ev = ev;
    this.wt = new Float64Array(this.m);
    for (let k = 0; k < this.m; k++) this.wt[k] = 2 * w[k]!;
    const deg = new Int32Array(n + 1);
    for (let k = 0; k < this.m; k++) {
      deg[eu[k]! + 1]!++;
      deg[ev[k]! + 1]!++;
    }
    for (let x = 0; x < n; x++) deg[x + 1]! += deg[x]!;
    this.adjStart = deg;
    this.adjP = new Int32Array(2 * this.m);
    const fill = deg.slice(0, n);
    for (let k = 0; k < this.m; k++) {
      this.adjP[fill[eu[k]!]!++] = 2 * k + 1;
      this.adjP[fill[ev[k]!]!++] = 2 * k;
    }
    this.mate = new Int32Array(n).fill(-1);
    this.label = new Int8Array(2 * n);
    this.labelEnd = new Int32Array(2 * n).fill(-1);
    this.inBlossom = new Int32Array(n);
    for (let x = 0; x < n; x++) this.inBlossom[x] = x;
    this.parent = new Int32Array(2 * n).fill(-1);
    this.childs = new Array<number[] | null>(2 * n).fill(null);
    this.endps = new Array<number[] | null>(2 * n).fill(null);
    this.base = new Int32Array(2 * n).fill(-1);
    for (let x = 0; x < n; x++) this.base[x] = x;
    this.bestEdge = new Int32Array(2 * n).fill(-1);
    this.blossomBestEdges = new Array<number[] | null>(2 * n).fill(null);
    for (let b = 2 * n - 1; b >= n; b--) this.unused.push(b);
    this.dual = new Float64Array(2 * n);
    this.allowEdge = new Uint8Array(this.m);
    this.vertexStamp = new Int32Array(n);
    this.bestStamp = new Int32Array(n);
    this.blossomStamp = new Int32Array(2 * n);
    this.bestTo = new Int32Array(2 * n).fill(-1);
    this.treeOf = new Int32Array(n).fill(-1);
    this.members = new Array<number[] | undefined>(n);
  }

  endpoint(p: number): number {
    return (p & 1) === 0 ? this.eu[p >> 1]! : this.ev[p >> 1]!;
  }

  private slack(k: number): number {
    return this.dual[this.eu[k]!]! + this.dual[this.ev[k]!]! - 2 * this.wt[k]!;
  }

  /** Calls `visit` for every vertex inside blossom b (b itself when it is a vertex). */
  private forLeaves(b: number, visit: (v: number) => void): void {
    if (b < this.n) {
      visit(b);
      return;
    }
    const stack = [b];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x < this.n) visit(x);
      else for (const c of this.childs[x]!) stack.push(c);
    }
  }

  private leaves(b: number): number[] {
    const out: number[] = [];
    this.forLeaves(b, (v) => out.push(v));
    return out;
  }

  private touchVertices(b: number): void {
    this.forLeaves(b, (v) => {
      if (this.vertexStamp[v] !== this.stage) {
        this.vertexStamp[v] = this.stage;
        this.labelled.push(v);
      }
    });
  }

  private touchBlossom(b: number): void {
    if (b >= this.n && this.blossomStamp[b] !== this.stage) {
      this.blossomStamp[b] = this.stage;
      this.blossomsTouched.push(b);
    }
  }

  private setBestEdgeOfVertex(v: number, k: number): void {
    this.bestEdge[v] = k;
    if (this.bestStamp[v] !== this.stage) {
      this.bestStamp[v] = this.stage;
      this.bestTouched.push(v);
    }
  }

  /** Greedy warm start: feasible duals, then a matching on tight edges (see the module comment). */
  private warmStart(): void {
    const { n, dual, adjStart, adjP } = this;
    for (let x = 0; x < n; x++) {
      let best = 0;
      for (let i = adjStart[x]!; i < adjStart[x + 1]!; i++) best = Math.max(best, this.wt[adjP[i]! >> 1]!);
      dual[x] = best;
    }
    // Lower each dual as far as feasibility allows (heaviest vertices first keeps more heavy edges tight).
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dual[b]! - dual[a]! || a - b);
    for (const x of order) {
      let need = 0;
      for (let i = adjStart[x]!; i < adjStart[x + 1]!; i++) {
        const p = adjP[i]!;
        need = Math.max(need, 2 * this.wt[p >> 1]! - dual[this.endpoint(p)]!);
      }
      dual[x] = need;
    }
    for (const x of order) {
      if (this.mate[x] !== -1) continue;
      let chosen = -1;
      let chosenWeight = -1;
      for (let i = adjStart[x]!; i < adjStart[x + 1]!; i++) {
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
  }

  solve(): void {
    const { n } = this;
    this.warmStart();
    // One forest for the whole run: every free vertex with a positive dual roots a tree. A tree that augments,
    // swaps or finishes is dissolved on the spot and the other trees keep growing (no per-augmentation reset).
    this.stage = 1;
    for (let x = 0; x < n; x++) {
      if (this.mate[x] === -1 && this.dual[x]! > 0) {
        this.liveTrees++;
        this.assignLabel(x, S, -1);
      }
    }
    while (this.liveTrees > 0) this.grow();
  }

  /** Scans the queue, then changes the duals once; returns after one event. */
  private grow(): void {
    const { label, inBlossom, adjStart, adjP, allowEdge } = this;
    {
      while (this.queue.length > 0) {
        const v = this.queue.pop()!;
        // The tree that queued v may have been dissolved since.
        if (label[inBlossom[v]!] !== S) continue;
        for (let i = adjStart[v]!; i < adjStart[v + 1]!; i++) {
          const p = adjP[i]!;
          const k = p >> 1;
          const w = this.endpoint(p);
          // Re-read both: a blossom formed earlier in this loop may now contain them.
          const bv = inBlossom[v]!;
          const bw = inBlossom[w]!;
          if (bv === bw) continue;
          let kslack = 0;
          if (allowEdge[k] === 0) {
            kslack = this.slack(k);
            if (kslack <= 0) allowEdge[k] = 1;
          }
          if (allowEdge[k] === 1) {
            if (label[bw] === FREE) {
              if (this.mate[this.base[bw]!] === -1) {
                // A finished free vertex (dual zero) reached on a tight edge: augment to it.
                this.augmentMatching(k, v);
                return;
              }
              this.assignLabel(w, T, p ^ 1);
            } else if (label[bw] === S) {
              const b = this.scanBlossom(v, w);
              if (b >= 0) {
                this.addBlossom(b, k);
              } else {
                this.augmentMatching(k, v);
                return;
              }
            } else if (label[w] === FREE) {
              label[w] = T;
              this.labelEnd[w] = p ^ 1;
            }
          } else if (label[bw] === S) {
            const best = this.bestEdge[bv]!;
            if (best === -1 || kslack < this.slack(best)) this.bestEdge[bv] = k;
          } else if (label[w] === FREE) {
            const best = this.bestEdge[w]!;
            if (best === -1 || kslack < this.slack(best)) this.setBestEdgeOfVertex(w, k);
          }
        }
      }

      // No progress on tight edges: change the duals.
      let deltaType = 1;
      let delta = Infinity;
      let deltaVertex = -1;
      let deltaEdge = -1;
      let deltaBlossom = -1;
      for (const x of this.labelled) {
        if (label[inBlossom[x]!] === S && this.dual[x]! < delta) {
          delta = this.dual[x]!;
          deltaVertex = x;
        }
      }
      for (const x of this.bestTouched) {
        if (label[inBlossom[x]!] !== FREE || this.bestEdge[x] === -1) continue;
        if (!this.reachesS(this.bestEdge[x]!, x)) this.recomputeVertexBest(x);
        const be = this.bestEdge[x]!;
        if (be !== -1) {
          const d = this.slack(be);
          if (d < delta) {
            delta = d;
            deltaType = 2;
            deltaEdge = be;
          }
        }
      }
      for (const x of this.labelled) {
        if (inBlossom[x] === x && label[x] === S && this.bestEdge[x] !== -1) {
          if (!this.joinsTwoS(this.bestEdge[x]!)) this.recomputeBlossomBest(x);
          if (this.bestEdge[x] === -1) continue;
          const d = this.slack(this.bestEdge[x]!) / 2;
          if (d < delta) {
            delta = d;
            deltaType = 3;
            deltaEdge = this.bestEdge[x]!;
          }
        }
      }
      for (const b of this.blossomsTouched) {
        if (this.parent[b] !== -1 || this.base[b]! < 0) continue;
        if (label[b] === S && this.bestEdge[b] !== -1 && !this.joinsTwoS(this.bestEdge[b]!))
          this.recomputeBlossomBest(b);
        if (label[b] === S && this.bestEdge[b] !== -1) {
          const d = this.slack(this.bestEdge[b]!) / 2;
          if (d < delta) {
            delta = d;
            deltaType = 3;
            deltaEdge = this.bestEdge[b]!;
          }
        } else if (label[b] === T && this.dual[b]! < delta) {
          delta = this.dual[b]!;
          deltaType = 4;
          deltaBlossom = b;
        }
      }

      for (const x of this.labelled) {
        const l = label[inBlossom[x]!];
        if (l === S) this.dual[x]! -= delta;
        else if (l === T) this.dual[x]! += delta;
      }
      for (const b of this.blossomsTouched) {
        if (this.parent[b] !== -1 || this.base[b]! < 0) continue;
        if (label[b] === S) this.dual[b]! += delta;
        else if (label[b] === T) this.dual[b]! -= delta;
      }

      if (deltaType === 1) {
        // An S vertex reached dual zero. A free one is finished; a matched one takes its root's place as the
        // free vertex (swap along the even alternating path), which keeps every matched edge tight.
        const root = this.treeOf[deltaVertex]!;
        if (this.mate[deltaVertex] !== -1) this.flipToRoot(deltaVertex, -1);
        this.dissolve(root);
        return;
      } else if (deltaType === 2) {
        allowEdge[deltaEdge] = 1;
        let i = this.eu[deltaEdge]!;
        if (label[inBlossom[i]!] === FREE) i = this.ev[deltaEdge]!;
        this.queue.push(i);
      } else if (deltaType === 3) {
        allowEdge[deltaEdge] = 1;
        this.queue.push(this.eu[deltaEdge]!);
      } else {
        this.expandBlossom(deltaBlossom, false);
      }
    }
  }

  /** Edge k still leads from an S vertex (in another blossom) to unlabelled vertex x. */
  private reachesS(k: number, x: number): boolean {
    const y = this.eu[k] === x ? this.ev[k]! : this.eu[k]!;
    return this.label[this.inBlossom[y]!] === S;
  }

  /** Edge k still joins two different S blossoms. */
  private joinsTwoS(k: number): boolean {
    const bi = this.inBlossom[this.eu[k]!]!;
    const bj = this.inBlossom[this.ev[k]!]!;
    return bi !== bj && this.label[bi] === S && this.label[bj] === S;
  }

  private recomputeVertexBest(x: number): void {
    let best = -1;
    let bestSlack = Infinity;
    for (let i = this.adjStart[x]!; i < this.adjStart[x + 1]!; i++) {
      const p = this.adjP[i]!;
      const y = this.endpoint(p);
      if (this.label[this.inBlossom[y]!] !== S) continue;
      const sl = this.slack(p >> 1);
      if (sl < bestSlack) {
        bestSlack = sl;
        best = p >> 1;
      }
    }
    this.bestEdge[x] = best;
  }

  private recomputeBlossomBest(b: number): void {
    let best = -1;
    let bestSlack = Infinity;
    this.forLeaves(b, (x) => {
      for (let i = this.adjStart[x]!; i < this.adjStart[x + 1]!; i++) {
        const p = this.adjP[i]!;
        const by = this.inBlossom[this.endpoint(p)]!;
        if (by === b || this.label[by] !== S) continue;
        const sl = this.slack(p >> 1);
        if (sl < bestSlack) {
          bestSlack = sl;
          best = p >> 1;
        }
      }
    });
    this.bestEdge[b] = best;
    this.blossomBestEdges[b] = null;
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
      // Reset v's own label and every blossom level above it.
      this.label[v] = FREE;
      this.bestEdge[v] = -1;
      for (let b = this.parent[v]!; b !== -1; b = this.parent[b]!) {
        this.label[b] = FREE;
        this.bestEdge[b] = -1;
        this.blossomBestEdges[b] = null;
      }
    }
    for (const v of gone) {
      for (let i = this.adjStart[v]!; i < this.adjStart[v + 1]!; i++) this.allowEdge[this.adjP[i]! >> 1] = 0;
    }
    for (const v of gone) {
      for (let i = this.adjStart[v]!; i < this.adjStart[v + 1]!; i++) {
        const p = this.adjP[i]!;
        const y = this.endpoint(p);
        if (this.label[this.inBlossom[y]!] !== S) continue;
        const sl = this.slack(p >> 1);
        if (sl <= 0) {
          this.queue.push(y);
        } else {
          const best = this.bestEdge[v]!;
          if (best === -1 || sl < this.slack(best)) this.setBestEdgeOfVertex(v, p >> 1);
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
    this.bestEdge[w] = -1;
    this.bestEdge[b] = -1;
    this.touchVertices(b);
    this.touchBlossom(b);
    const root = p === -1 ? w : this.treeOf[this.endpoint(p)]!;
    let list = this.members[root];
    if (list === undefined) {
      list = [];
      this.members[root] = list;
    }
    const members = list;
    this.forLeaves(b, (x) => {
      if (this.treeOf[x] !== root) {
        this.treeOf[x] = root;
        members.push(x);
      }
    });
    if (t === S) {
      this.forLeaves(b, (v) => this.queue.push(v));
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
    this.label[b] = S;
    this.labelEnd[b] = this.labelEnd[bb]!;
    this.dual[b] = 0;
    this.touchBlossom(b);
    this.forLeaves(b, (x) => {
      if (this.label[inBlossom[x]!] === T) this.queue.push(x);
      inBlossom[x] = b;
    });
    this.touchVertices(b);

    // Least-slack edges from the new blossom to each neighbouring S blossom.
    const bestTo = this.bestTo;
    const touched: number[] = [];
    for (const child of path) {
      const lists: Array<ArrayLike<number>> = [];
      const own = this.blossomBestEdges[child];
      if (own === null || own === undefined) {
        for (const x of this.leaves(child)) {
          const ks: number[] = [];
          for (let i = this.adjStart[x]!; i < this.adjStart[x + 1]!; i++) ks.push(this.adjP[i]! >> 1);
          lists.push(ks);
        }
      } else {
        lists.push(own);
      }
      for (const ks of lists) {
        for (let idx = 0; idx < ks.length; idx++) {
          const e = ks[idx]!;
          let j = this.ev[e]!;
          if (inBlossom[j] === b) j = this.eu[e]!;
          const bj = inBlossom[j]!;
          if (bj !== b && this.label[bj] === S) {
            const cur = bestTo[bj]!;
            if (cur === -1) {
              touched.push(bj);
              bestTo[bj] = e;
            } else if (this.slack(e) < this.slack(cur)) {
              bestTo[bj] = e;
            }
          }
        }
      }
      this.blossomBestEdges[child] = null;
      this.bestEdge[child] = -1;
    }
    const best: number[] = [];
    let bestEdge = -1;
    for (const bj of touched) {
      const e = bestTo[bj]!;
      bestTo[bj] = -1;
      best.push(e);
      if (bestEdge === -1 || this.slack(e) < this.slack(bestEdge)) bestEdge = e;
    }
    this.blossomBestEdges[b] = best;
    this.bestEdge[b] = bestEdge;
  }

  private expandBlossom(b: number, endStage: boolean): void {
    const { n, inBlossom } = this;
    const childs = this.childs[b]!;
    for (const s of childs) {
      this.parent[s] = -1;
      if (s < n) inBlossom[s] = s;
      else if (endStage && this.dual[s] === 0) this.expandBlossom(s, endStage);
      else {
        this.forLeaves(s, (x) => {
          inBlossom[x] = s;
        });
        this.touchBlossom(s);
      }
    }
    if (!endStage && this.label[b] === T) {
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
      this.bestEdge[bv] = -1;
      this.touchBlossom(bv);
      this.touchVertices(bv);
      j += jstep;
      while (childs[at(j)] !== entryChild) {
        const c = childs[at(j)]!;
        if (this.label[c] === S) {
          j += jstep;
          continue;
        }
        let reached = -1;
        for (const x of this.leaves(c)) {
          if (this.label[x] !== FREE) {
            reached = x;
            break;
          }
        }
        if (reached >= 0) {
          this.label[reached] = FREE;
          this.label[this.endpoint(this.mate[this.base[c]!]!)] = FREE;
          this.assignLabel(reached, T, this.labelEnd[reached]!);
        }
        j += jstep;
      }
    }
    this.label[b] = FREE;
    this.labelEnd[b] = -1;
    this.childs[b] = null;
    this.endps[b] = null;
    this.base[b] = -1;
    this.blossomBestEdges[b] = null;
    this.bestEdge[b] = -1;
    this.dual[b] = 0;
    this.unused.push(b);
  }

  /** Rotates blossom b so that vertex v becomes its base, swapping matched edges inside it. */
  private augmentBlossom(b: number, v: number): void {
    let t = v;
    while (this.parent[t] !== b) t = this.parent[t]!;
    if (t >= this.n) this.augmentBlossom(t, v);
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
      if (c >= this.n) this.augmentBlossom(c, this.endpoint(p));
      j += jstep;
      c = childs[at(j)]!;
      if (c >= this.n) this.augmentBlossom(c, this.endpoint(p ^ 1));
      this.mate[this.endpoint(p)] = p ^ 1;
      this.mate[this.endpoint(p ^ 1)] = p;
    }
    this.childs[b] = childs.slice(i).concat(childs.slice(0, i));
    this.endps[b] = endps.slice(i).concat(endps.slice(0, i));
    this.base[b] = this.base[this.childs[b][0]!]!;
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
