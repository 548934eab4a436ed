import { type MyDataExport } from '../../contracts/employee';
import { type Actor, auditEntriesAround } from '../audit';
import { type Deps } from '../deps';
import { type PairingDocument } from '../model';
import { feedbackAnswers } from '../pairings/feedback';
import { myPairingDocuments, toPairingView } from '../pairings/pairing-service';
import { sessionsLikelyHeld } from '../pairings/sessions-held';
import { isoInstant } from '../time';

/**
 * Everything stored about me, for `GET /api/me/export` (the right of access). Alongside what the tab shows, the
 * stored facts behind it: directory facts per program, what was inferred about my sessions, the rounds that left
 * me out, and the audit entries about me. Left out on purpose, because they are other people's: their private
 * "not with" lists and feedback, their manager chains that name me, and the team-load counters of my reports'
 * meetings (docs/decisions/0010-privacy-erasure-and-retention.md).
 */
export async function exportMyData(
  deps: Pick<Deps, 'repos' | 'clock'>,
  actor: Actor,
  views: { profile: MyDataExport['profile']; enrollments: MyDataExport['enrollments'] },
): Promise<MyDataExport> {
  const { tenantId, userId } = actor;
  const mine = { where: [{ field: 'userId', op: 'eq' as const, value: userId }] };
  const [current, left, drafts, feedback, participants, rounds, programs, workspaces] = await Promise.all([
    myPairingDocuments(deps, actor),
    // Circles I left: my departure (and a skip note) are still there (decision 0019).
    deps.repos.pairings.queryAll(tenantId, {
      where: [
        { field: 'formerMemberIds', op: 'contains', value: userId },
        { field: 'published', op: 'eq', value: true },
      ],
    }),
    deps.repos.pairings.queryAll(tenantId, {
      where: [
        { field: 'memberIds', op: 'contains', value: userId },
        { field: 'published', op: 'eq', value: false },
      ],
    }),
    deps.repos.feedback.queryAll(tenantId, mine),
    deps.repos.participants.queryAll(tenantId, mine),
    // Rounds and programs are few per tenant: read whole and filtered here (their lists are not queryable).
    deps.repos.rounds.queryAll(tenantId, {}),
    deps.repos.programs.queryAll(tenantId, {}),
    // The workspaces of my pairings, and my own private notes (never a peer's: theirs are keyed by their id).
    deps.repos.workspaces.queryAll(tenantId, {
      where: [{ field: 'memberIds', op: 'contains', value: userId }],
    }),
  ]);
  const published = [...current, ...left];
  const myNotes = await deps.repos.workspaces.queryAll(tenantId, {
    where: [
      { field: 'kind', op: 'eq', value: 'notes' },
      { field: 'userId', op: 'eq', value: userId },
    ],
  });
  // The same entries erasure rewrites, kept where they name me (as actor, as target, or in the details).
  const programIds = [...new Set([...participants, ...published, ...drafts].map((d) => d.doc.programId))];
  const audit = (await auditEntriesAround(deps, tenantId, userId, programIds))
    .filter((a) => a.actorId === userId || a.target === userId || JSON.stringify(a.details).includes(userId))
    .sort((a, b) => a.at.localeCompare(b.at));
  const byPairing = new Map(feedback.map((f) => [f.doc.pairingId, f.doc]));
  const names = new Map(views.enrollments.map((e) => [e.programId, e.programName]));
  const now = isoInstant(deps.clock());
  return {
    exportedAt: now,
    tenantId,
    profile: views.profile,
    enrollments: views.enrollments,
    pairings: published.map((p) =>
      toPairingView(p.doc, userId, names.get(p.doc.programId) ?? '', byPairing.get(p.doc.id) ?? null, now),
    ),
    feedback: feedback.flatMap(({ doc }) =>
      feedbackAnswers(doc).map((answer) => ({
        pairingId: doc.pairingId,
        session: answer.session,
        met: answer.met,
        rating: answer.rating,
        comment: answer.comment,
        submittedAt: answer.submittedAt,
      })),
    ),
    directoryFacts: participants.map(({ doc }) => ({
      programId: doc.programId,
      syncedAt: doc.directorySyncedAt,
      facts: doc.directory,
    })),
    pairingRecords: [...published, ...drafts].map(({ doc }) => pairingRecord(doc, userId, now)),
    roundsLeftOut: rounds.flatMap(({ doc }) =>
      doc.unmatched
        .filter((u) => u.userId === userId)
        // "not-with" would tell me that someone asked not to meet me.
        .map((u) => ({
          programId: doc.programId,
          roundId: doc.id,
          reason: u.reason,
          detail: u.detail === 'not-with' ? null : u.detail,
        })),
    ),
    workspaces: workspaces.flatMap(({ doc }) =>
      doc.kind === 'workspace'
        ? [
            {
              pairingId: doc.pairingId,
              agendas: doc.agendas.map((a) => ({ ...a, items: [...a.items] })),
              goals: doc.goals.map((g) => ({ ...g, checkIns: g.checkIns.map((c) => ({ ...c })) })),
            },
          ]
        : [],
    ),
    myWorkspaceNotes: myNotes.flatMap(({ doc }) =>
      doc.kind === 'notes' && doc.userId === userId
        ? [{ pairingId: doc.pairingId, text: doc.text, updatedAt: doc.updatedAt }]
        : [],
    ),
    programsCreated: programs
      .filter((p) => p.doc.createdBy === userId)
      .map((p) => ({ programId: p.doc.id, name: p.doc.name })),
    adminBlocks: programs
      .filter((p) => p.doc.blockedPairs.some((pair) => pair.includes(userId)))
      .map((p) => ({ programId: p.doc.id })),
    auditEntries: audit.map((doc) => ({
      at: doc.at,
      action: doc.action,
      programId: doc.programId,
      role: doc.actorId === userId ? 'actor' : doc.target === userId ? 'target' : 'concerned',
      reason: doc.reason,
    })),
  };
}

function pairingRecord(
  doc: PairingDocument,
  userId: string,
  now: string,
): MyDataExport['pairingRecords'][number] {
  // My own skip only: a peer's reason and private note are theirs.
  const mySkip = doc.skips.find((s) => s.userId === userId);
  const held = sessionsLikelyHeld(doc, now);
  return {
    pairingId: doc.id,
    programId: doc.programId,
    roundId: doc.roundId,
    published: doc.published,
    state: doc.state,
    cadence: doc.cadence,
    startsOn: doc.startsOn,
    endsOn: doc.endsOn,
    iOrganizeTheSeries: doc.organizerId === userId,
    iSkipped: doc.skippedBy.includes(userId),
    mySkip: mySkip ? { category: mySkip.category, note: mySkip.note, at: mySkip.at } : null,
    sessions: doc.sessions.map((s) => ({ start: s.start, verdict: s.verdict, likelyHeld: s.likelyHeld })),
    sessionsLikelyHeld: held.likelyHeld,
    sessionsSoFar: held.sessionsSoFar,
    sessionsMissed: doc.followUp.missed.length,
    earlierSeries: doc.previousSeries.length,
    endRequested: doc.endRequested,
  };
}
