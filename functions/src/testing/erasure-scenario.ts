import { type MyDataExport, type PairingsResponse, type Round } from '../contracts';
import { recordAudit } from '../domain/audit';
import { type DirectoryPerson } from '../domain/deps';
import { syncDirectory } from '../domain/directory/directory-sync';
import { feedbackId } from '../domain/model';
import { withFeedbackAnswer } from '../domain/pairings/feedback';
import { recordBooked } from '../domain/pairings/lifecycle';
import { applyTransition } from '../domain/pairings/pairing-writer';
import { type PlanInput, type PlanResult } from '../domain/rounds/planner';
import { updateWithRetry } from '../domain/update';
import {
  type createKitOver,
  createProgram,
  enrollAll,
  inOrderPlanner,
  person,
  principal,
  sampleProgram,
  tenantA,
  users,
} from './api-test-kit';

/**
 * The person to erase (Ann) with every kind of trace the store can hold, for the unit test (memory store) and the
 * integration test (Cosmos server) of erasure: id-bearing reasons (teaches, new-joiner buddy, fairness), the
 * organizer of a live series and its team-load group, an unmatched entry with her name, a blocked pair, another
 * person's "not with" list, another person's manager chain, feedback naming her, audit entries with her as actor,
 * target, in the details and by name, a program she created as an admin, her own skip with its private note, and
 * a peer's private skip note that names her, and a pair workspace: a goal and an agenda she wrote, her check-in and
 * her peer's naming her, her private notes and her peer's private notes naming her.
 */
export const ann = {
  userId: users.ann,
  displayName: 'Ann Example',
  mail: 'ann.example@contoso.com',
  userPrincipalName: 'ann.example@contoso.onmicrosoft.com',
};

export function erasurePeople(): DirectoryPerson[] {
  return Object.values(users).map((id, i) => {
    const p = person(id, i);
    if (id === users.ann) return { ...p, displayName: ann.displayName };
    if (id === users.bob) return { ...p, managerId: users.ann, managerChain: [users.ann, users.admin] };
    return p;
  });
}

/** In-order pairs with reasons that name both members; with three candidates Ann is left out. */
export function namingPlanner(input: PlanInput): PlanResult {
  const result = inOrderPlanner(input) as PlanResult;
  if (input.candidates.length === 3) {
    const others = input.candidates.map((c) => c.userId).filter((id) => id !== users.ann);
    return {
      ...result,
      pairings: [
        { memberIds: others, score: 10, reasons: [{ kind: 'fairness', data: { userIds: others } }] },
      ],
      unmatched: [{ userId: users.ann, reason: 'carried-over-with-priority', detail: null }],
    };
  }
  return {
    ...result,
    pairings: result.pairings.map((p) => ({
      ...p,
      reasons: [
        ...p.reasons,
        { kind: 'teaches', data: { teacherId: p.memberIds[0]!, learnerId: p.memberIds[1]!, topics: ['Go'] } },
        { kind: 'new-joiner-buddy', data: { newJoinerId: p.memberIds[0]! } },
        { kind: 'fairness', data: { userIds: [...p.memberIds] } },
      ],
    })),
  };
}

type AnyKit = ReturnType<typeof createKitOver>;

const peerOf = (pairing: PairingsResponse['current'][number], me: string): string =>
  pairing.peers.find((p) => p.userId !== me)!.userId;

/** Outlook's language of Ann's mailbox, as the scenario's directory sync stores it. */
export const ANN_MAILBOX_LANGUAGE = 'de-CH';

export interface ErasureScenario {
  tenantId: string;
  programId: string;
  annsProgramId: string;
  annsPairingId: string;
  peer: string;
  firstRound: Round;
  /** The pairing Ann skipped, and the one her peer skipped with a note naming her. */
  annSkippedPairingId: string;
  peerSkippedPairingId: string;
}

/** Ann's private workspace notes, and her peer's (naming her). */
export const annsWorkspaceNotes = 'Ask about the parental leave policy';
export const peersWorkspaceNotes = `${ann.displayName} knows the release process`;

/** Ann's private skip note, and the private note her peer wrote when they skipped (it names Ann). */
export const annsSkipNote = 'Parental leave until May, happy to pick up after';
export const peersSkipNote = `${ann.displayName} and I never found a time`;

export async function seedErasureScenario(kit: AnyKit): Promise<ErasureScenario> {
  const tenantId = tenantA;
  const admin = principal(users.admin, true);
  const programId = await createProgram(kit);
  const annsProgramId = (
    (
      await kit.call('admin-programs-create', {
        as: principal(users.ann, true),
        body: { ...sampleProgram, name: 'Second program' },
      })
    ).body as { id: string }
  ).id;
  // Round 1: Ann is left out. Round 2: Ann and Bob pair up; Dee lists Ann as "not with".
  await enrollAll(kit, programId, [users.ann, users.bob, users.cid]);
  // The directory sync reads Ann's Outlook language: a stored fact about her like any other.
  const directory = kit.deps.directory;
  kit.deps.directory = {
    ...directory,
    getMailboxLanguages: (_tenantId, ids) =>
      Promise.resolve(new Map(ids.map((id) => [id, id === users.ann ? ANN_MAILBOX_LANGUAGE : null]))),
  };
  await syncDirectory(kit.deps, [tenantId]);
  kit.deps.directory = directory;
  const firstRound = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
    .body as Round;
  await enrollAll(kit, programId, [users.dee], tenantId, { notWith: [users.ann] });
  await updateWithRetry(kit.repos.programs, tenantId, programId, (doc) => ({
    ...doc,
    blockedPairs: [[users.ann, users.eve] as [string, string]],
  }));
  await recordAudit(kit.deps, admin, 'round.override', {
    programId,
    target: users.ann,
    reason: `${ann.displayName} (${ann.mail}) asked for it`,
    details: { userIds: [users.ann, users.eve] },
  });
  await kit.callRound('admin-rounds-run', { as: admin, params: { programId } });
  const annsPairing = (
    (await kit.call('pairings-list', { as: principal(users.ann) })).body as PairingsResponse
  ).current[0]!;
  // Ann organizes the series; it counts in her team's load group.
  await applyTransition(kit.repos.pairings, tenantId, annsPairing.id, (doc) =>
    recordBooked(
      { ...doc, state: 'booking' },
      doc.bookingAttempt,
      {
        organizerId: users.ann,
        eventId: 'evt-1',
        firstStart: '2026-06-09T08:00:00.000Z',
        firstEnd: '2026-06-09T08:30:00.000Z',
        joinUrl: null,
        transactionId: 'tx',
        degraded: null,
        load: { key: 'tue-8', groups: [`manager:${users.ann}`] },
      },
      '2026-06-04T00:00:00.000Z',
    ),
  );
  const peer = annsPairing.peers[0]!.userId;
  await kit.call('pairing-feedback', {
    as: principal(peer),
    params: { pairingId: annsPairing.id },
    body: { met: true, rating: 5, comment: `ann example was great; write to ${ann.userPrincipalName}!` },
  });
  await kit.call('pairing-feedback', {
    as: principal(users.ann),
    params: { pairingId: annsPairing.id },
    body: { met: true, rating: 4, comment: 'Nice' },
  });
  // Feedback is per session: each also answered for the second session (written as the workspace route would once
  // that session has started; the scenario's clock is before it). The peer's comment there names Ann too.
  for (const [userId, comment] of [
    [users.ann, 'Second was shorter'],
    [peer, `missed ${ann.displayName} this time`],
  ] as const) {
    const id = feedbackId(annsPairing.id, userId);
    const stored = (await kit.repos.feedback.get(tenantA, id))!.doc;
    const { tenantId, programId, roundId, pairingId } = stored;
    await kit.repos.feedback.upsert(
      withFeedbackAnswer(
        stored,
        { id, tenantId, programId, roundId, pairingId, userId },
        {
          session: 2,
          met: false,
          rating: null,
          comment,
          submittedAt: '2026-06-17T09:00:00.000Z',
        },
      ),
    );
  }
  // Their workspace: Ann adds a goal and edits the first agenda; both check in; each keeps private notes.
  const workspaceCall = async (as: string, name: string, params: Record<string, string>, body: unknown) => {
    const current = (
      await kit.call('workspace-get', { as: principal(as), params: { pairingId: annsPairing.id } })
    ).body as { etag: string; goals: Array<{ id: string }> };
    const response = await kit.call(name, {
      as: principal(as),
      params: { pairingId: annsPairing.id, ...params },
      body,
      headers: { 'if-match': current.etag },
    });
    if (response.status >= 300) throw new Error(`${name} answered ${response.status}`);
    return response.body as { goals: Array<{ id: string }> };
  };
  const { goals } = await workspaceCall(users.ann, 'workspace-goals-create', {}, { title: 'Ship the guide' });
  await workspaceCall(users.ann, 'workspace-agenda-put', { session: '1' }, { items: ['Ann shows the demo'] });
  const goalId = goals[0]!.id;
  await workspaceCall(
    users.ann,
    'workspace-check-ins-put',
    { session: '1' },
    {
      checkIns: [{ goalId, status: 'done', note: 'Shipped it' }],
    },
  );
  await workspaceCall(
    peerOf(annsPairing, users.ann),
    'workspace-check-ins-put',
    { session: '1' },
    {
      checkIns: [{ goalId, status: 'in-progress', note: `Waiting for ${ann.displayName}` }],
    },
  );
  await workspaceCall(users.ann, 'workspace-notes-put', {}, { text: annsWorkspaceNotes });
  await workspaceCall(
    peerOf(annsPairing, users.ann),
    'workspace-notes-put',
    {},
    { text: peersWorkspaceNotes },
  );
  // In her own program, Ann skips one pairing with Eve; Eve skips the next round's, writing a note naming Ann.
  await enrollAll(kit, annsProgramId, [users.ann, users.eve]);
  const skipRound = async (as: string, category: string, note: string) => {
    const round = (
      await kit.callRound('admin-rounds-run', { as: admin, params: { programId: annsProgramId } })
    ).body as Round;
    const pairingId = round.pairings[0]!.id;
    const skipped = await kit.call('pairing-skip', {
      as: principal(as),
      params: { pairingId },
      body: { category, note },
    });
    if (skipped.status !== 200) throw new Error(`skip answered ${skipped.status}`);
    return pairingId;
  };
  const annSkippedPairingId = await skipRound(users.ann, 'away', annsSkipNote);
  const peerSkippedPairingId = await skipRound(users.eve, 'not-a-fit', peersSkipNote);
  return {
    tenantId,
    programId,
    annsProgramId,
    annsPairingId: annsPairing.id,
    peer,
    firstRound,
    annSkippedPairingId,
    peerSkippedPairingId,
  };
}

/** The private note Eve wrote when she skipped the rest of the circle's round (it names Ann). */
export const circleSkipNote = `Sessions with ${ann.displayName} clash with my on-call week`;

export interface CircleErasureScenario {
  tenantId: string;
  programId: string;
  pairingId: string;
  /** The series Ann organizes for the circle. */
  eventId: string;
}

/**
 * Ann in a peer circle (decision 0019) of Ann, Bob, Cid and Dee, organizing its running series; Eve skipped the
 * circle's round (so the circle went on without her) with a private note naming Ann. Needs a kit whose planner
 * puts everyone in one circle (`oneCirclePlanner`) and whose people are `erasurePeople()`.
 */
export async function seedCircleErasureScenario(kit: AnyKit): Promise<CircleErasureScenario> {
  const tenantId = tenantA;
  const admin = principal(users.admin, true);
  const programId = await createProgram(kit, { ...sampleProgram, name: 'Circles', rules: { groupSize: 4 } });
  await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee, users.eve]);
  const round = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } })).body as Round;
  const pairingId = round.pairings[0]!.id;
  const skipped = await kit.call('pairing-skip', {
    as: principal(users.eve),
    params: { pairingId },
    body: { category: 'not-a-fit', note: circleSkipNote },
  });
  if (skipped.status !== 200) throw new Error(`skip answered ${skipped.status}`);
  const eventId = 'evt-circle';
  await applyTransition(kit.repos.pairings, tenantId, pairingId, (doc) =>
    recordBooked(
      { ...doc, state: 'booking' },
      doc.bookingAttempt,
      {
        organizerId: users.ann,
        eventId,
        firstStart: '2026-06-10T08:00:00.000Z',
        firstEnd: '2026-06-10T08:30:00.000Z',
        joinUrl: null,
        transactionId: 'tx-circle',
        degraded: null,
        load: null,
      },
      '2026-06-04T00:00:00.000Z',
    ),
  );
  return { tenantId, programId, pairingId, eventId };
}

/**
 * The circle once Ann is erased from it, given the tombstone that stands for her there: it goes on for Bob, Cid
 * and Dee; its departures hold Eve and the tombstone, never Ann's id.
 */
export function circleWithoutAnn(tombstone: string) {
  return {
    memberIds: [users.bob, users.cid, users.dee],
    formerMemberIds: [users.eve, tombstone],
    departures: [
      { userId: users.eve, reason: 'skipped' },
      { userId: tombstone, reason: 'erased' },
    ],
    endRequested: null,
  };
}

/** Every way the store could still name Ann: her id, her name or its parts, her mail and UPN. */
export function namesAnn(text: string): string[] {
  const lower = text.toLowerCase();
  return [ann.userId, ann.displayName, ann.mail, ann.userPrincipalName, 'ann example']
    .filter((needle) => lower.includes(needle.toLowerCase()))
    .concat(/\bann\b/i.test(text) ? ['Ann'] : []);
}

/** One stored document, read raw (no schema), with the container it came from. */
export interface RawDocument {
  container: string;
  doc: Record<string, unknown>;
}

/**
 * What of the store about Ann her export leaves out: for every document that holds her id, the export must carry
 * its facts, unless the document is someone else's (their "not with" list, their manager chain, their feedback)
 * or operational (a team-load counter). An unknown kind of document naming her is a gap: a new container or field
 * that names people must be exported, or listed here with the reason it is not.
 */
export function exportGaps(documents: readonly RawDocument[], exported: MyDataExport): string[] {
  const gaps: string[] = [];
  for (const { container, doc } of documents) {
    if (doc.tenantId !== tenantA || !JSON.stringify(doc).includes(ann.userId)) continue;
    const id = String(doc.id);
    const where = `${container}/${id}`;
    const covered = (() => {
      switch (container) {
        case 'participants':
          if (doc.userId !== ann.userId) return 'others';
          return (
            exported.directoryFacts.some(
              (f) =>
                f.programId === doc.programId && JSON.stringify(f.facts) === JSON.stringify(doc.directory),
            ) && exported.enrollments.some((e) => e.programId === doc.programId)
          );
        case 'pairings': {
          const record = exported.pairingRecords.find((p) => p.pairingId === id && p.state === doc.state);
          // Her own skip comes with its category and private note; a peer's skip is theirs.
          const skips = (doc.skips ?? []) as Array<{ userId: string; category: string; note: string }>;
          const mine = skips.find((s) => s.userId === ann.userId);
          return (
            !!record &&
            (mine
              ? record.mySkip?.category === mine.category && record.mySkip.note === mine.note
              : record.mySkip === null)
          );
        }
        case 'feedback':
          if (doc.userId !== ann.userId) return 'others';
          // Every session's answer, and the top-level one (the latest session's).
          return [
            ...((doc.sessions as Array<{ session: number; comment: string }> | undefined) ?? []),
            { session: null, comment: doc.comment },
          ].every((answer) =>
            exported.feedback.some(
              (f) =>
                f.pairingId === doc.pairingId &&
                (answer.session === null || f.session === answer.session) &&
                f.comment === answer.comment,
            ),
          );
        case 'rounds':
          return exported.roundsLeftOut.some((r) => r.roundId === id);
        case 'programs':
          return (
            (doc.createdBy !== ann.userId || exported.programsCreated.some((p) => p.programId === id)) &&
            (!JSON.stringify(doc.blockedPairs).includes(ann.userId) ||
              exported.adminBlocks.some((p) => p.programId === id))
          );
        case 'audit':
          return exported.auditEntries.some((a) => a.at === doc.at && a.action === doc.action);
        case 'workspaces':
          if (doc.kind === 'notes')
            return doc.userId === ann.userId
              ? exported.myWorkspaceNotes.some((n) => n.pairingId === doc.pairingId && n.text === doc.text)
              : 'others';
          return exported.workspaces.some(
            (w) => w.pairingId === doc.pairingId && JSON.stringify(w.goals) === JSON.stringify(doc.goals),
          );
        case 'leases':
          return String(doc.id).startsWith('team-load.') ? 'others' : false;
        default:
          return false;
      }
    })();
    if (covered === false) gaps.push(where);
  }
  return gaps;
}
