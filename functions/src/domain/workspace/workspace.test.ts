import { MAX_WORKSPACE_GOALS } from '../../contracts/workspace';
import { summariseWorkspaces } from '../stats/workspace-summary';
import {
  addGoal,
  type Edit,
  emptyWorkspace,
  eraseFromWorkspace,
  recordCheckIns,
  removeGoal,
  renameGoal,
  resetAgenda,
  setAgenda,
  type WorkspaceDocument,
  WorkspaceStoredDocumentSchema,
} from './workspace';

const T = 'tenant-1';
const at = (minute: number) => `2027-03-04T09:${String(minute).padStart(2, '0')}:00.000Z`;
const pairing = { id: 'p-1', tenantId: T, programId: 'prog', memberIds: ['ana', 'bo'] };

function doc(edit: Edit): WorkspaceDocument {
  if (edit.kind !== 'changed') throw new Error(`refused: ${JSON.stringify(edit.refusal)}`);
  // Every change is a valid stored document (what the store validates on each read).
  expect(WorkspaceStoredDocumentSchema.parse(edit.doc)).toEqual(edit.doc);
  return edit.doc;
}

function withGoals(...titles: string[]): WorkspaceDocument {
  return titles.reduce(
    (w, title, i) => doc(addGoal(w, { id: `g${i + 1}`, title, by: i % 2 ? 'bo' : 'ana', now: at(i + 1) })),
    emptyWorkspace(pairing, at(0)),
  );
}

describe('agenda edits', () => {
  it('an edited agenda replaces the session’s earlier edit, keeps the others, and says who and when', () => {
    let w = emptyWorkspace(pairing, at(0));
    w = doc(setAgenda(w, { session: 2, sessions: 4, items: ['Retro', 'Demo'], by: 'ana', now: at(1) }));
    w = doc(setAgenda(w, { session: 1, sessions: 4, items: ['Hello'], by: 'bo', now: at(2) }));
    w = doc(setAgenda(w, { session: 2, sessions: 4, items: ['Demo first'], by: 'bo', now: at(3) }));
    expect(w.agendas).toEqual([
      { session: 1, items: ['Hello'], editedBy: 'bo', editedAt: at(2) },
      { session: 2, items: ['Demo first'], editedBy: 'bo', editedAt: at(3) },
    ]);
    expect(w.updatedAt).toBe(at(3));
    expect(doc(resetAgenda(w, 2, 4, at(4))).agendas).toEqual([w.agendas[0]]);
  });

  it.each([5, 60])('refuses session %i of a pairing with 4, naming the field', (session) => {
    const w = emptyWorkspace(pairing, at(0));
    expect(setAgenda(w, { session, sessions: 4, items: ['x'], by: 'ana', now: at(1) })).toEqual({
      kind: 'refused',
      refusal: { kind: 'invalid', path: 'params.session', issue: 'This pairing has 4 sessions' },
    });
    expect(resetAgenda(w, session, 4, at(1)).kind).toBe('refused');
  });
});

describe('goals', () => {
  it('keeps at most five; the sixth is refused naming the title', () => {
    const full = withGoals('a', 'b', 'c', 'd', 'e');
    expect(full.goals.map((g) => [g.id, g.title, g.createdBy])).toEqual([
      ['g1', 'a', 'ana'],
      ['g2', 'b', 'bo'],
      ['g3', 'c', 'ana'],
      ['g4', 'd', 'bo'],
      ['g5', 'e', 'ana'],
    ]);
    expect(full.goals).toHaveLength(MAX_WORKSPACE_GOALS);
    expect(addGoal(full, { id: 'g6', title: 'f', by: 'ana', now: at(9) })).toEqual({
      kind: 'refused',
      refusal: { kind: 'invalid', path: 'body.title', issue: 'At most 5 goals' },
    });
  });

  it('renames and removes by id (a removed goal takes its check-ins with it); an unknown id is not found', () => {
    let w = withGoals('Ship the demo', 'Read the RFC');
    w = doc(
      recordCheckIns(w, {
        session: 1,
        sessions: 4,
        userId: 'ana',
        now: at(5),
        checkIns: [{ goalId: 'g1', status: 'done', note: '' }],
      }),
    );
    w = doc(renameGoal(w, 'g2', 'Read two RFCs', at(6)));
    expect(w.goals.map((g) => g.title)).toEqual(['Ship the demo', 'Read two RFCs']);
    w = doc(removeGoal(w, 'g1', at(7)));
    expect(w.goals.map((g) => [g.id, g.checkIns.length])).toEqual([['g2', 0]]);
    for (const edit of [renameGoal(w, 'g1', 'x', at(8)), removeGoal(w, 'nope', at(8))])
      expect(edit).toEqual({ kind: 'refused', refusal: { kind: 'not-found', what: 'The goal' } });
  });
});

describe('check-ins', () => {
  it('one per member, goal and session: mine replace mine only, the peer’s and other sessions stay', () => {
    let w = withGoals('Ship the demo', 'Read the RFC');
    w = doc(
      recordCheckIns(w, {
        session: 1,
        sessions: 4,
        userId: 'ana',
        now: at(10),
        checkIns: [
          { goalId: 'g1', status: 'in-progress', note: 'half way' },
          { goalId: 'g2', status: 'blocked', note: 'no access' },
        ],
      }),
    );
    w = doc(
      recordCheckIns(w, {
        session: 1,
        sessions: 4,
        userId: 'bo',
        now: at(11),
        checkIns: [{ goalId: 'g1', status: 'done', note: '' }],
      }),
    );
    w = doc(
      recordCheckIns(w, {
        session: 2,
        sessions: 4,
        userId: 'ana',
        now: at(12),
        checkIns: [{ goalId: 'g1', status: 'done', note: '' }],
      }),
    );
    // Ana corrects her first check-in on g1: her g2 check-in and Bo's stay.
    w = doc(
      recordCheckIns(w, {
        session: 1,
        sessions: 4,
        userId: 'ana',
        now: at(13),
        checkIns: [{ goalId: 'g1', status: 'done', note: 'shipped' }],
      }),
    );
    expect(
      w.goals.map((g) => g.checkIns.map((c) => `${c.session}:${c.userId}:${c.status}:${c.note}`)),
    ).toEqual([['1:bo:done:', '1:ana:done:shipped', '2:ana:done:'], ['1:ana:blocked:no access']]);
  });

  it('a check-in on a goal the workspace does not have is refused, naming which one', () => {
    const w = withGoals('Ship the demo');
    expect(
      recordCheckIns(w, {
        session: 1,
        sessions: 4,
        userId: 'ana',
        now: at(10),
        checkIns: [
          { goalId: 'g1', status: 'done', note: '' },
          { goalId: 'g9', status: 'done', note: '' },
        ],
      }),
    ).toEqual({
      kind: 'refused',
      refusal: { kind: 'invalid', path: 'body.checkIns.1.goalId', issue: 'Not a goal of this workspace' },
    });
  });
});

describe('erasure', () => {
  it('takes the person’s check-ins out, tombstones what stays for the peer, and removes their name from text', () => {
    let w = withGoals('Pair with Ana Lopez on the demo', 'Read the RFC');
    w = doc(
      setAgenda(w, { session: 1, sessions: 4, items: ['Ask Ana about hiring'], by: 'ana', now: at(9) }),
    );
    w = doc(
      recordCheckIns(w, {
        session: 1,
        sessions: 4,
        userId: 'ana',
        now: at(10),
        checkIns: [{ goalId: 'g1', status: 'done', note: 'mine' }],
      }),
    );
    w = doc(
      recordCheckIns(w, {
        session: 1,
        sessions: 4,
        userId: 'bo',
        now: at(11),
        checkIns: [{ goalId: 'g1', status: 'blocked', note: 'waiting for Ana' }],
      }),
    );
    const redact = (text: string) => text.replace(/Ana( Lopez)?/g, 'a former participant');
    const erased = eraseFromWorkspace(w, 'ana', 'erased:p-1-0', redact, at(20))!;
    expect(JSON.stringify(erased)).not.toMatch(/"ana"|Ana/);
    expect(erased.memberIds).toEqual(['erased:p-1-0', 'bo']);
    expect(erased.agendas[0]).toMatchObject({
      editedBy: 'erased:p-1-0',
      items: ['Ask a former participant about hiring'],
    });
    expect(
      erased.goals.map((g) => [g.title, g.createdBy, g.checkIns.map((c) => `${c.userId}:${c.note}`)]),
    ).toEqual([
      ['Pair with a former participant on the demo', 'erased:p-1-0', ['bo:waiting for a former participant']],
      ['Read the RFC', 'bo', []],
    ]);
    expect(eraseFromWorkspace(erased, 'ana', 'erased:p-1-0', redact, at(21))).toBeNull();
  });
});

describe('the admin dashboard’s counts', () => {
  it('count pairings (published, not cancelled) with goals, edited agendas and check-ins, and the check-ins made', () => {
    const checked = doc(
      recordCheckIns(withGoals('a', 'b'), {
        session: 1,
        sessions: 2,
        userId: 'ana',
        now: at(10),
        checkIns: [
          { goalId: 'g1', status: 'done', note: 'private words' },
          { goalId: 'g2', status: 'blocked', note: '' },
        ],
      }),
    );
    const edited = doc(
      setAgenda(emptyWorkspace({ ...pairing, id: 'p-2' }, at(0)), {
        session: 1,
        sessions: 2,
        items: ['x'],
        by: 'bo',
        now: at(1),
      }),
    );
    const ofCancelled = { ...withGoals('c'), pairingId: 'p-3' };
    const ofOtherProgram = { ...withGoals('d'), pairingId: 'p-9' };
    const pairings = [
      { id: 'p-1', published: true, state: 'active' as const },
      { id: 'p-2', published: true, state: 'booked' as const },
      { id: 'p-3', published: true, state: 'cancelled' as const },
      { id: 'p-4', published: true, state: 'ended' as const },
      { id: 'p-5', published: false, state: 'proposed' as const },
    ];
    const summary = summariseWorkspaces(pairings, [checked, edited, ofCancelled, ofOtherProgram]);
    expect(summary).toEqual({ pairings: 3, withGoals: 1, withEditedAgenda: 1, withCheckIns: 1, checkIns: 2 });
    expect(JSON.stringify(summary)).not.toContain('private');
  });
});
