import '../testing/jsdom-polyfills';

import { fireEvent, screen, waitFor, within } from '@testing-library/react';

import { type WorkspaceView } from '../../../functions/src/contracts/workspace';
import { createFakeHost } from '../host/fake-host';
import { loadMessages } from '../i18n/catalogs';
import { fakeFetch, ME_ID, PEER_ID } from '../testing/fixtures';
import { renderWithServices } from '../testing/render';
import { WorkspacePanel } from './WorkspacePanel';

const path = 'pairings/pairing-1/workspace';

function workspace(overrides: Partial<WorkspaceView> = {}): WorkspaceView {
  return {
    pairingId: 'pairing-1',
    programName: 'Growth peers',
    programKind: 'collaborative-learning',
    members: [
      { userId: ME_ID, displayName: 'Grace Hopper' },
      { userId: PEER_ID, displayName: 'Ada Lovelace' },
    ],
    currentSession: 2,
    sessions: [
      {
        number: 1,
        start: '2030-03-05T14:30:00.000Z',
        agenda: {
          source: 'edited',
          items: ['Coffee', 'Team map'],
          editedBy: PEER_ID,
          editedAt: '2030-03-04T10:00:00.000Z',
        },
      },
      {
        number: 2,
        start: '2030-03-19T14:30:00.000Z',
        agenda: {
          source: 'suggested',
          items: [
            { kind: 'review-goals', data: { goals: 1 } },
            { kind: 'teach', data: { teacherId: ME_ID, learnerId: PEER_ID, topic: 'Kubernetes' } },
            { kind: 'arc', data: { step: 'learning.explain-back' } },
            { kind: 'next-steps', data: {} },
          ],
        },
      },
    ],
    goals: [
      {
        id: 'goal-1',
        title: 'Ship the onboarding guide',
        createdBy: PEER_ID,
        createdAt: '2030-03-05T15:00:00.000Z',
        checkIns: [
          {
            session: 2,
            userId: PEER_ID,
            status: 'blocked',
            note: 'waiting for access',
            at: '2030-03-19T15:00:00.000Z',
          },
          { session: 1, userId: ME_ID, status: 'in-progress', note: '', at: '2030-03-05T15:00:00.000Z' },
        ],
      },
    ],
    myNotes: { text: 'Ask about the review cycle', updatedAt: '2030-03-05T16:00:00.000Z' },
    myFeedback: null,
    editable: true,
    etag: '"v7"',
    ...overrides,
  };
}

const section = async (name: string) => (await screen.findByRole('heading', { name })).closest('section')!;

describe('WorkspacePanel', () => {
  it('shows the current session’s agenda in words from my side, the goals with both check-ins, and my notes', async () => {
    renderWithServices(
      <WorkspacePanel pairingId="pairing-1" />,
      fakeFetch({ [`GET ${path}`]: () => ({ status: 200, body: workspace() }) }),
    );
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Workspace with Ada Lovelace' }),
    ).toBeTruthy();
    expect(screen.getByText(/Only you and Ada Lovelace see this workspace/)).toBeTruthy();
    // Session 2 is current: its suggested agenda, worded for me.
    expect(
      within(screen.getByTestId('agenda'))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Check in on your shared goal: done, in progress or blocked?',
      'You share Kubernetes with Ada Lovelace',
      'Explain to each other what you learned since last time',
      'Agree what each of you does before the next session',
    ]);
    // Ada's check-in for session 2 shows; mine was for session 1.
    const checkIns = await section('Check-ins after session 2');
    expect(within(checkIns).getByText('Ada Lovelace: Blocked · waiting for access')).toBeTruthy();
    expect(within(checkIns).queryByText(/^You:/)).toBeNull();
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: /^Notes/ }).value).toBe(
      'Ask about the review cycle',
    );

    // Session 1: the agenda Ada edited, and my check-in then.
    fireEvent.change(screen.getByRole('combobox', { name: 'Session' }), { target: { value: '1' } });
    expect(
      within(screen.getByTestId('agenda'))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Coffee', 'Team map']);
    expect(screen.getByText(/^Edited by Ada Lovelace/)).toBeTruthy();
    expect(within(await section('Check-ins after session 1')).getByText('You: In progress')).toBeTruthy();
  });

  it('edits the agenda with the etag it read, and shows the saved version', async () => {
    const puts: Array<{ body: unknown; ifMatch: string | undefined }> = [];
    const fetchFn = fakeFetch({
      [`GET ${path}`]: () => ({ status: 200, body: workspace() }),
      [`PUT ${path}/sessions/2/agenda`]: ({ body, headers }) => {
        puts.push({ body, ifMatch: headers['if-match'] });
        const items = (body as { items: string[] }).items;
        const view = workspace({ etag: '"v8"' });
        view.sessions[1]!.agenda = {
          source: 'edited',
          items,
          editedBy: ME_ID,
          editedAt: '2030-03-18T09:00:00.000Z',
        };
        return { status: 200, body: view };
      },
    });
    renderWithServices(<WorkspacePanel pairingId="pairing-1" />, fetchFn);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit agenda' }));
    // The editor starts from the suggestion, naming both of us: Ada reads what I save, so it cannot say "you".
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Agenda item 2' }).value).toBe(
      'Grace Hopper shares Kubernetes with Ada Lovelace',
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'Agenda item 2' }), {
      target: { value: 'Kubernetes: services' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove item 3' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add item' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Agenda item 4' }), {
      target: { value: '  Demo  ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save agenda' }));
    expect(await screen.findByText('Agenda saved.')).toBeTruthy();
    expect(puts).toEqual([
      {
        body: {
          items: [
            'Check in on your shared goal: done, in progress or blocked?',
            'Kubernetes: services',
            'Agree what each of you does before the next session',
            'Demo',
          ],
        },
        ifMatch: '"v7"',
      },
    ]);
    expect(screen.getByText(/^Edited by You/)).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Agenda item 1' })).toBeNull();
  });

  it('when the peer saved first (412): shows their version, says so, and keeps my draft to save again', async () => {
    let reads = 0;
    const fetchFn = fakeFetch({
      [`GET ${path}`]: () => {
        reads += 1;
        const view = workspace({ etag: reads === 1 ? '"v7"' : '"v9"' });
        if (reads > 1)
          view.sessions[1]!.agenda = {
            source: 'edited',
            items: ['Ada’s plan'],
            editedBy: PEER_ID,
            editedAt: '2030-03-18T09:00:00.000Z',
          };
        return { status: 200, body: view };
      },
      [`PUT ${path}/sessions/2/agenda`]: () => ({
        status: 412,
        body: { error: { code: 'precondition_failed', message: 'changed' } },
      }),
    });
    renderWithServices(<WorkspacePanel pairingId="pairing-1" />, fetchFn);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit agenda' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Agenda item 1' }), {
      target: { value: 'My plan' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save agenda' }));
    expect(await screen.findByText(/Ada Lovelace changed the workspace at the same time/)).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Agenda item 1' }).value).toBe('My plan');
    expect(screen.getByText(/^Edited by Ada Lovelace/)).toBeTruthy();
    expect(reads).toBe(2);
  });

  it('adds a goal, checks in on it and saves my notes', async () => {
    const sent: Array<[string, unknown, string | undefined]> = [];
    const record =
      (key: string) =>
      ({ body, headers }: { body: unknown; headers: Record<string, string> }) => {
        sent.push([key, body, headers['if-match']]);
        return { status: key === 'goal' ? 201 : 200, body: workspace({ etag: '"v8"' }) };
      };
    const fetchFn = fakeFetch({
      [`GET ${path}`]: () => ({ status: 200, body: workspace() }),
      [`POST ${path}/goals`]: record('goal'),
      [`PUT ${path}/sessions/2/check-ins`]: record('check-in'),
      [`PUT ${path}/notes`]: record('notes'),
    });
    renderWithServices(<WorkspacePanel pairingId="pairing-1" />, fetchFn);
    fireEvent.change(await screen.findByRole('textbox', { name: /^New goal/ }), {
      target: { value: ' Read the RFC ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add goal' }));
    expect(await screen.findByText('Goal added.')).toBeTruthy();

    const checkIns = await section('Check-ins after session 2');
    fireEvent.click(within(checkIns).getByRole('button', { name: 'Save my check-in' }));
    expect(within(checkIns).getByRole('alert').textContent).toBe('Pick a status for at least one goal.');
    const group = within(checkIns).getByRole('radiogroup', {
      name: 'My check-in on Ship the onboarding guide',
    });
    fireEvent.click(within(group).getByRole('radio', { name: 'Done' }));
    fireEvent.change(
      within(checkIns).getByRole('textbox', { name: /A line of notes on Ship the onboarding guide/ }),
      {
        target: { value: 'sent for review ' },
      },
    );
    fireEvent.click(within(checkIns).getByRole('button', { name: 'Save my check-in' }));
    expect(await screen.findByText('Check-in saved.')).toBeTruthy();

    fireEvent.change(screen.getByRole('textbox', { name: /^Notes/ }), {
      target: { value: 'Bring the draft' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save notes' }));
    expect(await screen.findByText('Notes saved.')).toBeTruthy();
    expect(sent).toEqual([
      ['goal', { title: 'Read the RFC' }, '"v7"'],
      ['check-in', { checkIns: [{ goalId: 'goal-1', status: 'done', note: 'sent for review' }] }, undefined],
      ['notes', { text: 'Bring the draft' }, undefined],
    ]);
  });

  it('a pairing that is over is there to read: no editing of shared parts, my notes still editable', async () => {
    renderWithServices(
      <WorkspacePanel pairingId="pairing-1" />,
      fakeFetch({ [`GET ${path}`]: () => ({ status: 200, body: workspace({ editable: false }) }) }),
    );
    expect(await screen.findByText(/This pairing is over/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit agenda' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add goal' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save my check-in' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Save notes' })).toBeTruthy();
  });

  it('says in words when the workspace cannot be read (a pairing that is not mine), with a retry', async () => {
    renderWithServices(<WorkspacePanel pairingId="pairing-1" />, fakeFetch({}));
    expect((await screen.findByRole('alert')).textContent).toContain('This item no longer exists.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('speaks German (Sie) where the host does', async () => {
    await loadMessages('de');
    renderWithServices(
      <WorkspacePanel pairingId="pairing-1" />,
      fakeFetch({ [`GET ${path}`]: () => ({ status: 200, body: workspace() }) }),
      createFakeHost({ locale: 'de-DE' }),
    );
    expect(await screen.findByRole('heading', { name: 'Arbeitsbereich mit Ada Lovelace' })).toBeTruthy();
    expect(screen.getByText('Sie teilen Ihr Wissen zu Kubernetes mit Ada Lovelace')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Gemeinsame Ziele' })).toBeTruthy());
  });
});
