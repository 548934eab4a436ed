import {
  type AdminPairing,
  type Round,
  type RoundRow,
  type RoundRowsQuery,
  type RoundRowsResponse,
  type RoundRowStatus,
  type Unmatched,
} from '../../contracts/admin';

/**
 * One page of a round's rows for the Rounds view (pure): its pairings in the planner's order, then the people it
 * left out, filtered by status and by part of a member's name, with what the view shows of the whole round. The
 * round is read whole either way (its pairings are one query by round); what stays small is what the admin's
 * browser receives and draws.
 */
export function roundRows(round: Round, query: RoundRowsQuery): RoundRowsResponse {
  const { pairings, unmatched, ...summary } = round;
  const all: RoundRow[] = [
    ...pairings.map((pairing): RoundRow => ({ kind: 'pairing', pairing })),
    ...unmatched.map((person): RoundRow => ({ kind: 'unmatched', person })),
  ];
  const needle = folded(query.search);
  const found =
    needle === '' ? all : all.filter((row) => namesOf(row).some((n) => folded(n).includes(needle)));
  const counts: Record<RoundRowStatus, number> = {
    all: found.length,
    booked: 0,
    'needs-attention': 0,
    unmatched: 0,
  };
  for (const row of found) {
    const status = statusOf(row);
    if (status) counts[status] += 1;
  }
  const matching = query.status === 'all' ? found : found.filter((row) => statusOf(row) === query.status);
  const lastPage = Math.max(1, Math.ceil(matching.length / query.pageSize));
  const page = Math.min(query.page, lastPage);
  return {
    round: summary,
    overview: {
      placed: pairings.reduce((sum, p) => sum + p.members.length, 0),
      needsAttention: pairings.filter((p) => p.state === 'needs-attention').length,
      scores: scoreDistribution(pairings.map((p) => p.score)),
      unmatchedReasons: unmatchedReasons(unmatched),
    },
    counts,
    rows: {
      items: matching.slice((page - 1) * query.pageSize, page * query.pageSize),
      page,
      pageSize: query.pageSize,
      total: matching.length,
    },
  };
}

/** The filter a row falls under besides `all`: booked (or under way), needing attention, left out — or none. */
export function statusOf(row: RoundRow): Exclude<RoundRowStatus, 'all'> | null {
  if (row.kind === 'unmatched') return 'unmatched';
  const state: AdminPairing['state'] = row.pairing.state;
  if (state === 'booked' || state === 'active') return 'booked';
  if (state === 'needs-attention') return 'needs-attention';
  return null;
}

const namesOf = (row: RoundRow): string[] =>
  row.kind === 'pairing' ? row.pairing.members.map((m) => m.displayName) : [row.person.displayName];

/** Case, accents and spacing ignored: "jose" finds "José", "muller" finds "Müller". */
function folded(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Range widths a person reads at a glance: 1, 2, 5, 10, 20, 50, … */
function niceWidth(atLeast: number): number {
  for (let scale = 1; ; scale *= 10)
    for (const step of [1, 2, 5]) if (step * scale >= atLeast) return step * scale;
}

/**
 * Pairing scores (whole points) in at most `buckets` + 1 ranges of one round width (1, 2, 5, 10, 20, …), each
 * `from`–`to` inclusive and starting at a multiple of the width, so no two ranges share a score or a label; a range
 * of width 1 is a single score (`from` = `to`).
 */
export function scoreDistribution(
  scores: readonly number[],
  buckets = 10,
): { from: number; to: number; count: number }[] {
  if (scores.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  // Not Math.min(...scores): a round of tens of thousands of pairings would overflow the argument list.
  for (const s of scores) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  let width = niceWidth((max - min) / buckets);
  while (Math.floor(max / width) - Math.floor(min / width) + 1 > buckets + 1) width = niceWidth(width + 1);
  const first = Math.floor(min / width);
  const out = Array.from({ length: Math.floor(max / width) - first + 1 }, (_, i) => ({
    from: (first + i) * width,
    to: (first + i + 1) * width - 1,
    count: 0,
  }));
  for (const s of scores) {
    const bucket = out[Math.floor(s / width) - first];
    if (bucket) bucket.count += 1;
  }
  return out;
}

function unmatchedReasons(
  unmatched: readonly Unmatched[],
): RoundRowsResponse['overview']['unmatchedReasons'] {
  const counts = new Map<string, { reason: string; detail: string | null; count: number }>();
  for (const u of unmatched) {
    const key = `${u.reason}\u0000${u.detail ?? ''}`;
    const entry = counts.get(key) ?? { reason: u.reason, detail: u.detail, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.count - a.count || a.reason.localeCompare(b.reason) || (a.detail ?? '').localeCompare(b.detail ?? ''),
  );
}
