import '../testing/jsdom-polyfills';

import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';

import { createFakeHost } from '../host/fake-host';
import { fakeFetch, meResponse, pairing, programs } from '../testing/fixtures';
import { App } from './App';

describe('App shell', () => {
  it('shows my pairing with its reasons and next session in my time zone', async () => {
    const host = createFakeHost({ timeZone: 'Europe/Berlin' });
    const fetchFn = fakeFetch({
      'GET me': () => ({ status: 200, body: meResponse({ currentPairings: [pairing], enrollments: [] }) }),
      'GET programs': () => ({ status: 200, body: programs }),
    });
    render(<App start={{ phase: 'ready', host }} fetchFn={fetchFn} />);
    expect(await screen.findByText('Ada Lovelace')).toBeTruthy();
    expect(screen.getByText('You are at the same level (L3), so neither of you is the boss.')).toBeTruthy();
    // 14:30 UTC is 15:30 in Berlin (CET) on 5 March.
    expect(screen.getByTestId('next-session').textContent).toBe('Tuesday, March 5, 2030, 3:30 PM – 4:00 PM');
    expect(screen.getByRole('link', { name: 'Join the Teams meeting' })).toBeTruthy();
    await waitFor(() => expect(host.successNotified).toBeGreaterThan(0));
  });

  it('tells someone left out of the current round why, what would help and when the next round is', async () => {
    const fetchFn = fakeFetch({
      'GET me': () => ({
        status: 200,
        body: meResponse({
          unmatched: [
            {
              programId: 'growth',
              programName: 'Growth peers',
              roundStartsOn: '2030-03-04',
              roundEndsOn: '2030-04-14',
              reason: 'no-eligible-peer',
              detail: 'level-band',
              nextRoundAt: '2030-04-15T07:00:00.000Z',
            },
          ],
        }),
      }),
      'GET programs': () => ({ status: 200, body: programs }),
    });
    render(
      <App
        start={{ phase: 'ready', host: createFakeHost({ timeZone: 'Europe/Berlin' }) }}
        fetchFn={fetchFn}
      />,
    );
    const notice = await screen.findByTestId('my-unmatched');
    expect(notice.textContent).toContain('Not paired this round in Growth peers');
    expect(notice.textContent).toContain('Nobody at your level has joined yet.');
    expect(notice.textContent).toContain('Colleagues at your level who join before the next round');
    expect(notice.textContent).toContain('The next round starts on Monday, April 15, 2030.');
    expect(notice.textContent).not.toContain('level-band');
    // The old promise ("You will be paired at the next round") is not made to someone nobody can be paired with.
    expect(screen.queryByText(/No pairing yet/)).toBeNull();
  });

  it('shows an error with a retry when the API fails, and recovers on retry', async () => {
    let fail = true;
    const fetchFn = fakeFetch({
      'GET me': () =>
        fail
          ? { status: 503, body: { error: { code: 'unavailable', message: 'cosmos down' } } }
          : { status: 200, body: meResponse() },
      'GET programs': () => ({ status: 200, body: programs }),
    });
    render(<App start={{ phase: 'ready', host: createFakeHost() }} fetchFn={fetchFn} />);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Pairwise had a problem answering (503)',
    );
    expect(screen.queryByText(/cosmos down/)).toBeNull();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Peer mentoring')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Join Growth peers' })).toBeTruthy();
  });

  it('follows the host theme live', async () => {
    const host = createFakeHost();
    const fetchFn = fakeFetch({
      'GET me': () => ({ status: 200, body: meResponse() }),
      'GET programs': () => ({ status: 200, body: programs }),
    });
    const { container } = render(<App start={{ phase: 'ready', host }} fetchFn={fetchFn} />);
    await screen.findByText('Peer mentoring');
    expect(container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('light');
    act(() => host.emitTheme('contrast'));
    expect(container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('contrast');
    act(() => host.emitTheme('dark'));
    expect(container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('dark');
  });

  it('shows the admin tab only to admins', async () => {
    const fetchFn = fakeFetch({
      'GET me': () => ({ status: 200, body: meResponse({ isAdmin: true }) }),
      'GET programs': () => ({ status: 200, body: programs }),
    });
    render(<App start={{ phase: 'ready', host: createFakeHost() }} fetchFn={fetchFn} />);
    expect(await screen.findByRole('tab', { name: 'Admin' })).toBeTruthy();
  });

  it('hides the admin tab from employees', async () => {
    const fetchFn = fakeFetch({
      'GET me': () => ({ status: 200, body: meResponse() }),
      'GET programs': () => ({ status: 200, body: programs }),
    });
    render(<App start={{ phase: 'ready', host: createFakeHost() }} fetchFn={fetchFn} />);
    await screen.findByText('Peer mentoring');
    expect(screen.queryByRole('tab', { name: 'Admin' })).toBeNull();
  });

  it('explains when local mode is refused by configuration', () => {
    render(<App start={{ phase: 'local-refused', host: createFakeHost() }} />);
    expect(screen.getByText('Open Pairwise in Microsoft Teams')).toBeTruthy();
  });

  it('offers a sign-in button when local sign-in is needed', () => {
    const signIn = jest.fn(() => Promise.resolve());
    render(<App start={{ phase: 'sign-in-required', host: createFakeHost(), signIn }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(signIn).toHaveBeenCalledTimes(1);
  });

  it('lets a joined employee without a pairing leave the program', async () => {
    const enrollment = {
      programId: 'growth',
      programName: 'Growth peers',
      status: 'active' as const,
      pausedUntil: null,
      preferences: {
        goals: ['collaborative-learning' as const],
        topicsToLearn: [],
        topicsToShare: [],
        cadence: 'biweekly' as const,
        preferredDays: [],
        preferredTimesOfDay: [],
        languages: ['en'],
        notWith: [],
      },
      enrolledAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-01-01T00:00:00.000Z',
      etag: '"1"',
    };
    let left = false;
    const fetchFn = fakeFetch({
      'GET me': () => ({ status: 200, body: meResponse({ enrollments: left ? [] : [enrollment] }) }),
      'GET programs': () => ({
        status: 200,
        body: { programs: [{ ...programs.programs[0]!, myStatus: left ? null : 'active' }] },
      }),
      'DELETE programs/growth/enrollment': () => {
        left = true;
        return { status: 204 };
      },
    });
    render(<App start={{ phase: 'ready', host: createFakeHost() }} fetchFn={fetchFn} />);
    expect(
      await screen.findByText(
        'No pairing yet. The next round of a program you joined will look for a peer for you.',
      ),
    ).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Leave program' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Leave Growth peers?');
    fireEvent.click(screen.getAllByRole('button', { name: 'Leave program' }).at(-1)!);
    expect(await screen.findByText('You left Growth peers.')).toBeTruthy();
    expect(fetchFn.calls).toContain('DELETE programs/growth/enrollment');
    expect(await screen.findByRole('button', { name: 'Join Growth peers' })).toBeTruthy();
  });

  it.each([
    [true, 'After each session, a Teams notification asks how it went.'],
    [false, 'After each session, come back here to say how it went.'],
  ])(
    'says where check-ins arrive from the host capability (activity feed: %s)',
    async (activityFeed, text) => {
      const host = createFakeHost({
        capabilities: { activityFeed, chat: false, calendar: false, appNavigation: false },
      });
      const fetchFn = fakeFetch({
        'GET me': () => ({ status: 200, body: meResponse({ currentPairings: [pairing] }) }),
        'GET programs': () => ({ status: 200, body: programs }),
      });
      render(<App start={{ phase: 'ready', host }} fetchFn={fetchFn} />);
      expect(await screen.findByText(text)).toBeTruthy();
    },
  );

  it('opens the workspace from my pairing card and from history, and goes back to where it came from', async () => {
    window.location.hash = '';
    const past = { ...pairing, id: 'pairing-0', state: 'ended' as const };
    const view = (pairingId: string) => ({
      pairingId,
      programName: 'Growth peers',
      programKind: 'collaborative-learning',
      members: [
        { userId: meResponse().profile.userId, displayName: 'Grace Hopper' },
        { userId: pairing.peers[0]!.userId, displayName: 'Ada Lovelace' },
      ],
      currentSession: 1,
      sessions: [
        {
          number: 1,
          start: null,
          agenda: { source: 'suggested', items: [{ kind: 'next-steps', data: {} }] },
        },
      ],
      goals: [],
      myNotes: null,
      myFeedback: null,
      editable: pairingId === pairing.id,
      etag: '"new"',
    });
    const fetchFn = fakeFetch({
      'GET me': () => ({ status: 200, body: meResponse({ currentPairings: [pairing] }) }),
      'GET programs': () => ({ status: 200, body: programs }),
      'GET pairings': () => ({ status: 200, body: { current: [pairing], past: [past] } }),
      'GET pairings/pairing-1/workspace': () => ({ status: 200, body: view('pairing-1') }),
      'GET pairings/pairing-0/workspace': () => ({ status: 200, body: view('pairing-0') }),
    });
    render(<App start={{ phase: 'ready', host: createFakeHost() }} fetchFn={fetchFn} />);
    const open = await screen.findByRole('link', { name: 'Open workspace with Ada Lovelace' });
    expect(open.getAttribute('href')).toBe('#/workspace/pairing-1');
    act(() => {
      window.location.hash = '#/workspace/pairing-1';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(await screen.findByRole('heading', { name: 'Workspace with Ada Lovelace' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Edit agenda' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('link', { name: 'Open workspace with Ada Lovelace' })).toBeTruthy();

    act(() => {
      window.location.hash = '#/history';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    const fromHistory = await screen.findByRole('link', { name: 'Open workspace with Ada Lovelace' });
    expect(fromHistory.getAttribute('href')).toBe('#/history/workspace/pairing-0');
    act(() => {
      window.location.hash = '#/history/workspace/pairing-0';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(await screen.findByRole('heading', { name: 'Workspace with Ada Lovelace' })).toBeTruthy();
    // A past pairing's workspace is there to read.
    expect(screen.queryByRole('button', { name: 'Edit agenda' })).toBeNull();
    expect(screen.getByRole('tab', { name: 'History', selected: true })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(window.location.hash).toBe('#/history'));
    window.location.hash = '';
  });
});
