import { type Actor, auditEntriesAround } from '../audit';
import { type Deps } from '../deps';
import {
  type AuditDocument,
  type ErasureMarkerDocument,
  type ParticipantDocument,
  participantId,
  type RoundDocument,
} from '../model';
import {
  ERASED_PREFIX,
  eraseMember,
  isLive,
  leaveOrEnd,
  type PairingDocument,
  type Transition,
} from '../pairings/lifecycle';
import { followUpEnding } from '../pairings/pairing-service';
import { applyTransition } from '../pairings/pairing-writer';
import { type Repositories } from '../ports';
import { sha1 } from '../scheduling/transaction-id';
import { isoDate, isoInstant } from '../time';
import { updateWithRetry } from '../update';
import { eraseFromWorkspace, type WorkspaceStoredDocument } from '../workspace/workspace';

/**
 * Erasure (`DELETE /api/me`, docs/decisions/0010-privacy-erasure-and-retention.md): afterwards no document of the
 * tenant holds the person's object id or name. Their own records (enrollments, feedback) are deleted; where a
 * record must stay for someone else (the peer's pairing history, a round's unmatched list, the audit trail) the
 * person becomes a tombstone id that resolves to nobody. Their live series end through the lifecycle, or — a circle
 * that goes on without them — are booked again for those who stay (decision 0019).
 *
 * A round planned at the same moment could write them back after the scrub; the erasure marker (a digest of the
 * id, written first) lets the round service scrub them again right after it writes (`scrubErasedFromRound`).
 */
export const erasedName = 'Former participant';
/** What free text says instead of an erased person's name. */
export const erasedWords = 'a former participant';
/** Stands for an erased manager in other people's manager chains (the chain rule only compares ids). */
export const ERASED_MANAGER = `${ERASED_PREFIX}manager`;
/** Stands for an erased admin as the actor or creator of a record. */
export const ERASED_ACTOR = `${ERASED_PREFIX}person`;

type ErasureDeps = Pick<Deps, 'repos' | 'clock' | 'queues' | 'directory'>;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The marker's id: SHA-1 of (tenant, person). It only lets someone who already holds the id confirm the erasure;
 * it protects nothing else, and needs nothing more (the domain has no key store, and needs none for this).
 */
export function erasureMarkerId(tenantId: string, userId: string): string {
  const digest = sha1(new TextEncoder().encode(`pairwise-erasure/${tenantId}/${userId.toLowerCase()}`));
  return `erasure.${hex(digest)}`;
}

/** The tombstone standing for the person in one pairing: unique to the pairing, so it links nothing. */
export function pairingTombstone(pairing: Pick<PairingDocument, 'id'>, index: number): string {
  return `${ERASED_PREFIX}${pairing.id}-${index}`;
}

/**
 * The person's tombstone in a pairing: by their place among its members, or the next one nobody holds — people
 * who left a circle shorten the list, so a place can come round again, and two people must never share one.
 */
function freePairingTombstone(
  pairing: Pick<PairingDocument, 'id' | 'memberIds' | 'formerMemberIds'>,
  userId: string,
): string {
  const taken = new Set([...pairing.memberIds, ...pairing.formerMemberIds]);
  let index = Math.max(pairing.memberIds.indexOf(userId), 0);
  while (taken.has(pairingTombstone(pairing, index))) index++;
  return pairingTombstone(pairing, index);
}

const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’-]*/gu;

/**
 * Free text with the person's name taken out: every word of their names (two letters or more, any case), and runs
 * of them, become "a former participant". Used on text others wrote about a pairing (comments, audit reasons).
 */
export function redactNames(text: string, names: readonly string[]): string {
  const parts = new Set(
    names.flatMap((name) =>
      Array.from(name.matchAll(WORD), (m) => m[0].toLocaleLowerCase('en')).filter((w) => w.length >= 2),
    ),
  );
  if (parts.size === 0) return text;
  let result = '';
  let position = 0;
  let lastCutEnd = -1;
  for (const match of text.matchAll(WORD)) {
    if (!parts.has(match[0].toLocaleLowerCase('en'))) continue;
    const start = match.index;
    const end = start + match[0].length;
    // "Ada Lovelace" is one mention, not two.
    if (lastCutEnd >= 0 && /^\s+$/.test(text.slice(lastCutEnd, start))) {
      position = end;
      lastCutEnd = end;
      continue;
    }
    result += `${text.slice(position, start)}${erasedWords}`;
    position = end;
    lastCutEnd = end;
  }
  return result + text.slice(position);
}

/** Strings equal to the id become the tombstone, everywhere inside a JSON-like value (audit details). */
function replaceId(value: unknown, userId: string, tombstone: string): unknown {
  if (typeof value === 'string') return value === userId ? tombstone : value.split(userId).join(tombstone);
  if (Array.isArray(value)) return value.map((item) => replaceId(item, userId, tombstone));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, replaceId(v, userId, tombstone)]),
    );
  return value;
}

/**
 * One pairing: a live circle that goes on without the person loses them as a leaver's does (`depart`: its series
 * is booked again for those who stay); any other live pairing is asked to end. The series-action message carries
 * the organizer id when it was the erased person, since the pairing no longer holds it. Then every trace of the
 * person — a departure included — becomes the pairing's tombstone, their own skip reason and note go, and the
 * others' private skip notes lose their name. One write, so nobody sees a half-erased pairing.
 */
async function erasePairing(
  deps: ErasureDeps,
  tenantId: string,
  pairingId: string,
  userId: string,
  names: readonly string[],
): Promise<void> {
  const today = isoDate(deps.clock());
  const now = isoInstant(deps.clock());
  const seen: { left: boolean; organizer: string | null } = { left: false, organizer: null };
  const written = await applyTransition(deps.repos.pairings, tenantId, pairingId, (doc): Transition => {
    seen.left = false;
    seen.organizer = doc.series?.organizerId === userId ? userId : null;
    let current = doc;
    if (isLive(doc, today) && doc.memberIds.includes(userId)) {
      const gone = leaveOrEnd(doc, userId, 'erased', now);
      if (gone.kind === 'changed') {
        current = gone.doc;
        seen.left = true;
      }
    }
    const erased = eraseMember(current, userId, freePairingTombstone(doc, userId), erasedName, now);
    if (erased.kind === 'refused') return erased;
    const redacted = erased.doc.skips.map((s) => ({ ...s, note: redactNames(s.note, names) }));
    if (redacted.some((s, i) => s.note !== erased.doc.skips[i]?.note))
      return { kind: 'changed', doc: { ...erased.doc, skips: redacted, updatedAt: now } };
    return erased.kind === 'unchanged' && current !== doc ? { kind: 'changed', doc: current } : erased;
  });
  if (written?.kind === 'changed' && seen.left)
    await followUpEnding(deps, [written.doc], seen.organizer ?? undefined);
}

function eraseFromRound(round: RoundDocument, userId: string): RoundDocument | null {
  if (!JSON.stringify(round.unmatched).includes(userId)) return null;
  return {
    ...round,
    unmatched: round.unmatched.map((u, i) =>
      u.userId === userId
        ? { ...u, userId: `${ERASED_PREFIX}${round.id}-u${i}`, displayName: erasedName }
        : u,
    ),
  };
}

/** The names the store holds for the person (and the directory's current one), to take them out of free text. */
async function namesOf(
  deps: ErasureDeps,
  actor: Actor,
  enrollments: ParticipantDocument[],
  pairings: PairingDocument[],
): Promise<string[]> {
  const names = new Set<string>();
  for (const e of enrollments) if (e.directory?.displayName) names.add(e.directory.displayName);
  for (const p of pairings)
    for (const m of p.members) if (m.userId === actor.userId && m.displayName) names.add(m.displayName);
  try {
    const person = await deps.directory.getPerson(actor.tenantId, actor.userId);
    if (person?.displayName) names.add(person.displayName);
  } catch {
    // The directory is down: the stored names are the ones that can be in the store.
  }
  return [...names];
}

export async function eraseEverywhere(deps: ErasureDeps, actor: Actor): Promise<void> {
  const { tenantId, userId } = actor;
  const now = isoInstant(deps.clock());
  // First: from here on, a round that writes the person back scrubs them again (scrubErasedFromRound).
  const marker: ErasureMarkerDocument = {
    id: erasureMarkerId(tenantId, userId),
    tenantId,
    kind: 'erasure',
    erasedAt: now,
  };
  await deps.repos.leases.upsert(marker);

  const enrollments = (
    await deps.repos.participants.queryAll(tenantId, {
      where: [{ field: 'userId', op: 'eq', value: userId }],
    })
  ).map((e) => e.doc);
  // Circles they left still hold their departure and perhaps their skip note (decision 0019).
  const pairings = (
    await Promise.all(
      (['memberIds', 'formerMemberIds'] as const).map((field) =>
        deps.repos.pairings.queryAll(tenantId, { where: [{ field, op: 'contains', value: userId }] }),
      ),
    )
  )
    .flat()
    .map((p) => p.doc);
  const names = await namesOf(deps, actor, enrollments, pairings);
  const programIds = [...new Set([...enrollments, ...pairings].map((d) => d.programId))];

  for (const pairing of pairings) await erasePairing(deps, tenantId, pairing.id, userId, names);

  // My own records go; what others wrote about our pairings loses my name.
  const feedback = await deps.repos.feedback.queryAll(tenantId, {
    where: [{ field: 'userId', op: 'eq', value: userId }],
  });
  for (const f of feedback) await deps.repos.feedback.delete(tenantId, f.doc.id);
  if (pairings.length > 0) {
    const peersFeedback = await deps.repos.feedback.queryAll(tenantId, {
      where: [{ field: 'pairingId', op: 'in', values: pairings.map((p) => p.id) }],
    });
    for (const f of peersFeedback)
      await updateWithRetry(deps.repos.feedback, tenantId, f.doc.id, (doc) => {
        const comment = redactNames(doc.comment, names);
        // Each session's comment too (the top-level one repeats the latest: domain/pairings/feedback.ts).
        const sessions = doc.sessions?.map((a) => ({ ...a, comment: redactNames(a.comment, names) }));
        const changed =
          comment !== doc.comment ||
          (sessions ?? []).some((a, i) => a.comment !== doc.sessions?.[i]?.comment);
        return changed ? { ...doc, comment, ...(sessions ? { sessions } : {}) } : null;
      });
  }
  for (const e of enrollments)
    await deps.repos.participants.delete(tenantId, participantId(e.programId, userId));

  // Pair workspaces: my private notes go; the shared part stays for my peer without me (eraseFromWorkspace), and
  // my peer's private notes on our pairings lose my name.
  for (const n of await deps.repos.workspaces.queryAll(tenantId, {
    where: [
      { field: 'kind', op: 'eq', value: 'notes' },
      { field: 'userId', op: 'eq', value: userId },
    ],
  }))
    await deps.repos.workspaces.delete(tenantId, n.doc.id);
  for (const w of await deps.repos.workspaces.queryAll(tenantId, {
    where: [{ field: 'memberIds', op: 'contains', value: userId }],
  }))
    await updateWithRetry(deps.repos.workspaces, tenantId, w.doc.id, (doc): WorkspaceStoredDocument | null =>
      doc.kind === 'workspace'
        ? eraseFromWorkspace(
            doc,
            userId,
            pairingTombstone({ id: doc.pairingId }, Math.max(doc.memberIds.indexOf(userId), 0)),
            (text) => redactNames(text, names),
            now,
          )
        : null,
    );
  if (pairings.length > 0)
    for (const n of await deps.repos.workspaces.queryAll(tenantId, {
      where: [
        { field: 'kind', op: 'eq', value: 'notes' },
        { field: 'pairingId', op: 'in', values: pairings.map((p) => p.id) },
      ],
    }))
      await updateWithRetry(deps.repos.workspaces, tenantId, n.doc.id, (doc) => {
        if (doc.kind !== 'notes') return null;
        const text = redactNames(doc.text, names);
        return text === doc.text ? null : { ...doc, text };
      });

  // Other people's records that name me: their private "not with" list, their manager chain.
  const naming = new Map<string, ParticipantDocument>();
  for (const field of ['preferences.notWith', 'directory.managerChain'])
    for (const p of await deps.repos.participants.queryAll(tenantId, {
      where: [{ field, op: 'contains', value: userId }],
    }))
      naming.set(p.doc.id, p.doc);
  for (const id of naming.keys())
    await updateWithRetry(deps.repos.participants, tenantId, id, (doc) => withoutPerson(doc, userId));

  // Series of my reports were counted in my team's load group.
  for (const p of await deps.repos.pairings.queryAll(tenantId, {
    where: [{ field: 'series.load.groups', op: 'contains', value: `manager:${userId}` }],
  }))
    await applyTransition(deps.repos.pairings, tenantId, p.doc.id, (doc): Transition =>
      doc.series?.load
        ? {
            kind: 'changed',
            doc: {
              ...doc,
              series: {
                ...doc.series,
                load: {
                  ...doc.series.load,
                  groups: doc.series.load.groups.filter((g) => !g.includes(userId)),
                },
              },
            },
          }
        : { kind: 'unchanged', doc },
    );
  await deps.repos.leases.delete(tenantId, `team-load.manager:${userId}`);

  // Rounds: the unmatched lists (a round is small in number: every round of the tenant is read).
  for (const round of await deps.repos.rounds.queryAll(tenantId, {}))
    if (JSON.stringify(round.doc.unmatched).includes(userId))
      await updateWithRetry(deps.repos.rounds, tenantId, round.doc.id, (doc) => eraseFromRound(doc, userId));

  // Programs: pairs an admin blocked with me (moot now), and programs I created as an admin.
  for (const program of await deps.repos.programs.queryAll(tenantId, {}))
    if (JSON.stringify(program.doc).includes(userId))
      await updateWithRetry(deps.repos.programs, tenantId, program.doc.id, (doc) => ({
        ...doc,
        blockedPairs: doc.blockedPairs.filter((pair) => !pair.includes(userId)),
        createdBy: doc.createdBy === userId ? ERASED_ACTOR : doc.createdBy,
      }));

  // The audit trail stays (what was done), without who I am: as actor, as target, in the details, by name.
  for (const { id } of await auditEntriesAround(deps, tenantId, userId, programIds))
    await updateWithRetry(deps.repos.audit, tenantId, id, (doc) => {
      const next: AuditDocument = {
        ...doc,
        actorId: doc.actorId === userId ? ERASED_ACTOR : doc.actorId,
        target: doc.target === null ? null : doc.target === userId ? ERASED_ACTOR : doc.target,
        reason: doc.reason === null ? null : redactNames(doc.reason, names),
        details: replaceId(doc.details, userId, ERASED_ACTOR) as AuditDocument['details'],
      };
      return JSON.stringify(next) === JSON.stringify(doc) ? null : next;
    });
}

function withoutPerson(doc: ParticipantDocument, userId: string): ParticipantDocument | null {
  const notWith = doc.preferences.notWith.filter((id) => id !== userId);
  const d = doc.directory;
  const chainNames = !!d && (d.managerId === userId || d.managerChain.includes(userId));
  if (notWith.length === doc.preferences.notWith.length && !chainNames) return null;
  return {
    ...doc,
    preferences: { ...doc.preferences, notWith },
    directory:
      d && chainNames
        ? {
            ...d,
            managerId: d.managerId === userId ? ERASED_MANAGER : d.managerId,
            managerChain: d.managerChain.map((id) => (id === userId ? ERASED_MANAGER : id)),
          }
        : d,
  };
}

/** Which of these ids were erased (one point read per id: a round has few unmatched and members). */
export async function erasedAmong(
  deps: { repos: Pick<Repositories, 'leases'> },
  tenantId: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  const ids = [...new Set(userIds)].filter((id) => !id.startsWith(ERASED_PREFIX));
  if (ids.length === 0) return new Set();
  const byMarker = new Map(ids.map((id) => [erasureMarkerId(tenantId, id), id]));
  const found = await deps.repos.leases.queryAll(tenantId, {
    where: [{ field: 'id', op: 'in', values: [...byMarker.keys()] }],
  });
  return new Set(found.flatMap((m) => (m.doc.kind === 'erasure' ? [byMarker.get(m.doc.id) ?? ''] : [])));
}

/**
 * Run right after a round writes its pairings or its lists: anyone erased while it was being planned or published
 * is scrubbed from them again (their pairings left or asked to end, their entries tombstoned). Returns who was scrubbed.
 */
export async function scrubErasedFromRound(
  deps: Pick<Deps, 'repos' | 'clock' | 'queues'>,
  round: RoundDocument,
  pairings: readonly PairingDocument[],
): Promise<string[]> {
  const ids = [...round.unmatched.map((u) => u.userId), ...pairings.flatMap((p) => p.memberIds)];
  const erased = await erasedAmong(deps, round.tenantId, ids);
  if (erased.size === 0) return [];
  const erasureDeps = { ...deps, directory: noDirectory };
  for (const userId of erased) {
    for (const p of pairings)
      // Just planned: nobody has skipped (or written a note) yet, so no names to take out.
      if (p.memberIds.includes(userId)) await erasePairing(erasureDeps, round.tenantId, p.id, userId, []);
    await updateWithRetry(deps.repos.rounds, round.tenantId, round.id, (doc) => eraseFromRound(doc, userId));
  }
  return [...erased];
}

const noDirectory: Deps['directory'] = {
  getPerson: () => Promise.resolve(null),
  getPeople: () => Promise.resolve(new Map()),
  getMailboxLanguages: () => Promise.resolve(new Map()),
};

/** Enrolling again is the person's own choice: the marker goes, so rounds stop scrubbing them. */
export async function clearErasureMarker(deps: Pick<Deps, 'repos'>, actor: Actor): Promise<void> {
  await deps.repos.leases.delete(actor.tenantId, erasureMarkerId(actor.tenantId, actor.userId));
}
