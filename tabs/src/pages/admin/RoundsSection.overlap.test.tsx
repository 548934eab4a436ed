import '../../testing/jsdom-polyfills';

import { fireEvent, screen, waitFor, within } from '@testing-library/react';

import {
  type AdminPairing,
  type Round,
  RoundRowsQuerySchema,
} from '../../../../functions/src/contracts/admin';
import { roundRows } from '../../../../functions/src/domain/rounds/round-rows';
import { createAdminApi } from '../../api/admin-api';
import { createFakeHost } from '../../host/fake-host';
import { fakeFetch } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { RoundsSection } from './RoundsSection';

// Under jsdom, Fluent's focus manager (tabster) may mark an open dialog aria-hidden while its opening transition
// settles, so the dialog's buttons are looked up with `hidden: true`; in Chromium the same dialog is reached by
// role and name (tests/browser/tab-e2e.test.ts, "Publish anyway").
const inDialog = { hidden: true } as const;

const pairing = (i: number): AdminPairing => ({
  id: `p-${i}`,
  members: [2 * i, 2 * i + 1].map((n) => ({
    userId: `u-${n}`,
    displayName: `Person ${n}`,
    department: null,
    level: 'L4',
  })),
  score: 50 + i,
  reasons: [{ kind: 'same-level', data: { level: 'L4' } }],
  state: 'booked',
  nextSession: null,
  attentionReason: null,
  attention: null,
  overridden: false,
  circle: false,
});

/** Round 7 runs until 14 April 2030 (after any test clock); a draft beside it places everyone. */
const running: Round = {
  id: 'r-7',
  programId: 'growth',
  roundKey: '2030-03-04T09:00',
  number: 7,
  status: 'published',
  trigger: 'timer',
  createdAt: '2030-03-04T08:00:00.000Z',
  publishedAt: '2030-03-04T08:01:00.000Z',
  startsOn: '2030-03-04',
  endsOn: '2030-04-14',
  failureReason: null,
  algorithmVersion: 'v2',
  stats: { candidates: 6, pairings: 3, triads: 0, unmatched: 0, totalScore: 153, durationMs: 4 },
  etag: '"7"',
  pairings: [0, 1, 2].map(pairing),
  unmatched: [],
};
const draft: Round = {
  ...running,
  id: 'd-1',
  roundKey: 'manual-2030-03-20T10:00:00.000Z',
  number: null,
  status: 'draft',
  trigger: 'admin',
  publishedAt: null,
  startsOn: '2030-03-20',
  endsOn: '2030-05-01',
  pairings: [3, 4, 5].map(pairing),
};

function renderDraftBesideRunning(rounds: Round[]) {
  const published: unknown[] = [];
  const fetchFn = fakeFetch({
    'GET admin/programs/growth/rounds': () => ({ status: 200, body: { rounds } }),
    'GET admin/programs/growth/rounds/d-1/rows': ({ query }) => ({
      status: 200,
      body: roundRows(draft, RoundRowsQuerySchema.parse(Object.fromEntries(query))),
    }),
    'POST admin/programs/growth/rounds': ({ body }) => {
      published.push(body);
      return { status: 202, body: { ...draft, status: 'published', number: 8 } };
    },
  });
  const host = createFakeHost({});
  const admin = createAdminApi({ getToken: host.getToken, fetch: fetchFn });
  renderWithServices(<RoundsSection admin={admin} programId="growth" />, fetchFn, host);
  return { published };
}

const publishButton = () => screen.findByRole('button', { name: 'Publish this round' });

describe('RoundsSection: publishing while a round runs', () => {
  it('asks first, naming the running round and its last day, and publishes only when the admin confirms', async () => {
    const { published } = renderDraftBesideRunning([draft, running]);
    fireEvent.click(await publishButton());
    const dialog = await screen.findByRole('dialog', {
      name: 'Publish a round while another one runs?',
      ...inDialog,
    });
    expect(within(dialog).getByText(/^Round 7 · Mar 4 – Apr 14 runs until Apr 14, 2030\./)).toBeTruthy();
    // Everyone is placed: no word about an empty round.
    expect(within(dialog).queryByText(/program needs more people/)).toBeNull();
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Cancel', ...inDialog }));
    await waitFor(() => expect(screen.queryByRole('dialog', inDialog)).toBeNull());
    expect(published).toEqual([]);

    fireEvent.click(await publishButton());
    fireEvent.click(await screen.findByRole('button', { name: 'Publish anyway', ...inDialog }));
    await waitFor(() => expect(published).toEqual([{ draftRoundId: 'd-1' }]));
  });

  it('publishes at once when no round runs (the last one is over)', async () => {
    const { published } = renderDraftBesideRunning([
      draft,
      { ...running, startsOn: '2026-01-05', endsOn: '2026-02-15' },
    ]);
    fireEvent.click(await publishButton());
    await waitFor(() => expect(published).toEqual([{ draftRoundId: 'd-1' }]));
    expect(screen.queryByRole('dialog', inDialog)).toBeNull();
  });
});
