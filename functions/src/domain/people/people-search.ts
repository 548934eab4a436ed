import { type PersonSummary } from '../../contracts/employee';
import { type Actor } from '../audit';
import { type Deps } from '../deps';
import { PEOPLE_SEARCHES, takeRateLimit } from '../limits/rate-limit';
import { type ParticipantDocument } from '../model';
import { type Condition, queryPages, type Stored } from '../ports';

/** The most people one search answers with: enough to find a colleague by a few letters, too few to list a tenant. */
export const MAX_PEOPLE_FOUND = 10;
/** Documents read per query at most (a person has one per program they joined): a 2-letter search stays cheap. */
const MAX_DOCUMENTS_READ = 200;
const PAGE_SIZE = 50;

/**
 * Where the text sits in the name: the name starts with it (0), a later word does ("kar" in "Anna Karlsson", 1),
 * anywhere else (2); null when it does not occur. Both are compared lower-cased, as `searchName` is stored.
 */
export function matchRank(text: string, displayName: string): 0 | 1 | 2 | null {
  const name = displayName.toLowerCase();
  const needle = text.trim().toLowerCase();
  if (needle === '') return null;
  if (name.startsWith(needle)) return 0;
  let at = name.indexOf(needle);
  if (at < 0) return null;
  for (; at >= 0; at = name.indexOf(needle, at + 1)) {
    // A word starts after a space, a hyphen or an apostrophe ("Jean-Luc", "O'Brien").
    if (/[\s\-'’]/.test(name.charAt(at - 1))) return 1;
  }
  return 2;
}

/** Matches first by rank, then by name (in the given locale's order), then by id so the order never wobbles. */
export function rankPeople(text: string, people: readonly PersonSummary[], locale = 'en'): PersonSummary[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return people
    .map((person) => ({ person, rank: matchRank(text, person.displayName) }))
    .filter((m): m is { person: PersonSummary; rank: 0 | 1 | 2 } => m.rank !== null)
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        collator.compare(a.person.displayName, b.person.displayName) ||
        (a.person.userId < b.person.userId ? -1 : a.person.userId > b.person.userId ? 1 : 0),
    )
    .map((m) => m.person);
}

/** Only name, job title and department leave the store: never a preference, a status, or a "not with" list. */
function toPersonSummary(doc: ParticipantDocument): PersonSummary | null {
  if (!doc.directory || doc.directory.displayName.trim() === '') return null;
  return {
    userId: doc.userId,
    displayName: doc.directory.displayName,
    jobTitle: doc.directory.jobTitle,
    department: doc.directory.department,
  };
}

/** One person per user id, from the most recently synced of their enrollments (one per program they joined). */
function addFreshest(
  into: Map<string, Stored<ParticipantDocument>>,
  docs: readonly Stored<ParticipantDocument>[],
) {
  for (const stored of docs) {
    const known = into.get(stored.doc.userId);
    if (!known || (stored.doc.directorySyncedAt ?? '') > (known.doc.directorySyncedAt ?? '')) {
      into.set(stored.doc.userId, stored);
    }
  }
}

/** The people found whom search may show: a disabled account is never offered. */
function searchable(found: Map<string, Stored<ParticipantDocument>>): PersonSummary[] {
  return [...found.values()].flatMap(({ doc }) =>
    doc.directory?.accountEnabled === false ? [] : (toPersonSummary(doc) ?? []),
  );
}

/**
 * `GET /api/people?search=`: people of my tenant for my private "not with" list. It searches the directory facts
 * Pairwise already stores for people who joined a program (the only people a "not with" choice can ever keep from
 * me), so a keystroke costs no Graph call: names that start with the text first, then names that contain it. People
 * who left every program, disabled accounts and I myself are never in the answer. Rate-limited per person.
 */
export async function searchPeople(
  deps: Pick<Deps, 'repos' | 'clock'>,
  actor: Actor,
  search: string,
): Promise<PersonSummary[]> {
  await takeRateLimit(deps.repos.leases, actor.tenantId, actor.userId, PEOPLE_SEARCHES, deps.clock());
  const text = search.trim().toLowerCase();
  const found = new Map<string, Stored<ParticipantDocument>>();
  for (const op of ['startsWith', 'includes'] as const) {
    const where: Condition[] = [
      { field: 'searchName', op, value: text },
      { field: 'userId', op: 'ne', value: actor.userId },
      { field: 'status', op: 'ne', value: 'left' },
    ];
    let read = 0;
    for await (const page of queryPages(
      deps.repos.participants,
      actor.tenantId,
      { where, orderBy: { field: 'searchName', direction: 'asc' } },
      PAGE_SIZE,
    )) {
      addFreshest(found, page);
      read += page.length;
      if (searchable(found).length >= MAX_PEOPLE_FOUND || read >= MAX_DOCUMENTS_READ) break;
    }
    // Ten names that start with the text are the best answer there is: no need to look inside names.
    if (searchable(found).length >= MAX_PEOPLE_FOUND) break;
  }
  return rankPeople(text, searchable(found)).slice(0, MAX_PEOPLE_FOUND);
}

/**
 * The people named in my own "not with" lists, by name (for the form; nobody else's list is ever read). From the
 * stored directory facts, whatever their status; someone Pairwise no longer stores is left out.
 */
export async function peopleNamedBy(
  deps: Pick<Deps, 'repos'>,
  actor: Actor,
  notWith: readonly string[],
): Promise<PersonSummary[]> {
  const ids = [...new Set(notWith.map((id) => id.toLowerCase()))].filter((id) => id !== actor.userId);
  if (ids.length === 0) return [];
  const docs = await deps.repos.participants.queryAll(actor.tenantId, {
    where: [{ field: 'userId', op: 'in', values: ids }],
  });
  const found = new Map<string, Stored<ParticipantDocument>>();
  addFreshest(found, docs);
  // A disabled account still names the person I listed, so it is not filtered here as search filters it.
  return [...found.values()]
    .flatMap(({ doc }) => toPersonSummary(doc) ?? [])
    .sort((a, b) => ids.indexOf(a.userId) - ids.indexOf(b.userId));
}
