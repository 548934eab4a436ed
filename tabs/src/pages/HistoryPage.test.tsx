import '../testing/jsdom-polyfills';

import { screen } from '@testing-library/react';

import { fakeFetch, pairing } from '../testing/fixtures';
import { renderWithServices } from '../testing/render';
import { HistoryPage } from './HistoryPage';

const past = (id: string, name: string, likelyHeld: number, sessionsSoFar: number) => ({
  ...pairing,
  id,
  state: 'ended' as const,
  peers: [{ ...pairing.peers[0]!, displayName: name }],
  sessionsHeld: { likelyHeld, sessionsSoFar },
  feedbackDue: null,
});

describe('HistoryPage', () => {
  it('shows the sessions likely held with each past peer, from the calendars, and nothing where none was over', async () => {
    const fetchFn = fakeFetch({
      'GET pairings': () => ({
        status: 200,
        body: {
          current: [],
          past: [
            past('p-1', 'Alan Turing', 3, 4),
            past('p-2', 'Edsger Dijkstra', 0, 0),
            past('p-3', 'Ada Lovelace', 1, 1),
          ],
        },
      }),
    });
    renderWithServices(<HistoryPage />, fetchFn);
    const items = await screen.findAllByRole('listitem');
    expect(items.map((i) => i.textContent?.match(/Sessions held: [^)]*\)/)?.[0] ?? null)).toEqual([
      'Sessions held: 3 of 4 sessions so far (from your calendars)',
      null,
      'Sessions held: 1 of 1 session so far (from your calendars)',
    ]);
    // Each past pairing's workspace stays there to read, named by whom it was with.
    expect(
      screen
        .getAllByRole('link', { name: /^Open workspace with/ })
        .map((a) => [a.getAttribute('aria-label'), a.getAttribute('href')]),
    ).toEqual([
      ['Open workspace with Alan Turing', '#/history/workspace/p-1'],
      ['Open workspace with Edsger Dijkstra', '#/history/workspace/p-2'],
      ['Open workspace with Ada Lovelace', '#/history/workspace/p-3'],
    ]);
  });
});
