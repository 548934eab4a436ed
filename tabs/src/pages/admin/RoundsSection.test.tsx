import '../../testing/jsdom-polyfills';

import { fireEvent, screen, waitFor, within } from '@testing-library/react';

import {
  type AdminPairing,
  type Attention,
  type Round,
  RoundRowsQuerySchema,
} from '../../../../functions/src/contracts/admin';
import { type PairingState } from '../../../../functions/src/contracts/common';
import { roundRows } from '../../../../functions/src/domain/rounds/round-rows';
import { createAdminApi } from '../../api/admin-api';
import { createFakeHost } from '../../host/fake-host';
import { loadMessages } from '../../i18n/catalogs';
import { fakeFetch } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { RoundsSection } from './RoundsSection';

const FIRST = ['Ada', 'José', 'Zoë', 'Kai', 'Mina', 'Omar', 'Lena', 'Tom', 'Priya', 'Sven', 'Hana', 'Eli'];
const LAST = [
  'Lovelace',
  'Álvarez',
  'Müller',
  'Tanaka',
  'Park',
  'Haddad',
  'Vogel',
  'Reed',
  'Rahman',
  'Olsen',
];
/** Distinct names, some with accents, none a part of another's first name ("Eli" is not in "Elias"). */
const nameOf = (i: number) =>
  `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i}`;

const attentions: Attention[] = [
  { code: 'no-mailbox', params: {} },
  { code: 'calendars-full', params: { usable: 1, checked: 6 } },
  { code: 'declined-again', params: {} },
];

/** 60 pairings (one in twenty needs attention, one in five is still being booked), then 7 people left out. */
function publishedRound(): Round {
  const pairings: AdminPairing[] = Array.from({ length: 60 }, (_, i) => {
    const state: PairingState = i % 20 === 7 ? 'needs-attention' : i % 5 === 3 ? 'booking' : 'booked';
    const attention = state === 'needs-attention' ? attentions[Math.floor(i / 20)]! : null;
    return {
      id: `p-${i}`,
      members: [2 * i, 2 * i + 1].map((n) => ({
        userId: `u-${n}`,
        displayName: nameOf(n),
        department: n % 3 === 0 ? 'Sales' : null,
        level: 'L4',
      })),
      score: 40 + ((i * 7) % 50),
      reasons: [{ kind: 'same-level', data: { level: 'L4' } }],
      state,
      nextSession: null,
      attentionReason: attention ? 'English words for API clients' : null,
      attention,
      overridden: false,
      circle: false,
    };
  });
  return {
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
    stats: { candidates: 127, pairings: 60, triads: 0, unmatched: 7, totalScore: 3900, durationMs: 40 },
    etag: '"7"',
    pairings,
    unmatched: Array.from({ length: 7 }, (_, i) => ({
      userId: `left-${i}`,
      displayName: nameOf(200 + i),
      reason: 'no-eligible-peer',
      detail: i < 4 ? 'level-band' : 'cooldown',
    })),
  };
}

/** The API as the server answers it: the rows route pages with the server's own function. */
function renderRounds(round: Round, options: { locale?: string; first?: Partial<Round> } = {}) {
  const queries: URLSearchParams[] = [];
  const overrides: unknown[] = [];
  let reads = 0;
  const fetchFn = fakeFetch({
    'GET admin/programs/growth/rounds': () => ({ status: 200, body: { rounds: [round] } }),
    [`GET admin/programs/growth/rounds/${round.id}/rows`]: ({ query }) => {
      queries.push(query);
      reads += 1;
      const served = reads === 1 && options.first ? { ...round, ...options.first } : round;
      return { status: 200, body: roundRows(served, RoundRowsQuerySchema.parse(Object.fromEntries(query))) };
    },
    [`POST admin/programs/growth/rounds/${round.id}/overrides`]: ({ body }) => {
      overrides.push(body);
      return { status: 200, body: round };
    },
  });
  const host = createFakeHost(options.locale ? { locale: options.locale } : {});
  const admin = createAdminApi({ getToken: host.getToken, fetch: fetchFn });
  renderWithServices(<RoundsSection admin={admin} programId="growth" />, fetchFn, host);
  return { queries, overrides, fetchFn };
}

const table = () => screen.findByRole('table', { name: 'Pairings and people of this round' });
const bodyRows = async () =>
  within(await table())
    .getAllByRole('row')
    .slice(1);
const status = () => screen.getByText(/^Showing \d+–\d+ of \d+$|^Nobody in this round|^Nothing to show/);

describe('RoundsSection: a round a page at a time', () => {
  it('shows 25 rows, says which, and moves between pages without leaving the keyboard behind', async () => {
    const { queries } = renderRounds(publishedRound());
    expect(await bodyRows()).toHaveLength(25);
    expect(status().textContent).toBe('Showing 1–25 of 67');
    expect(status().getAttribute('role')).toBe('status');
    expect(queries.at(-1)?.get('pageSize')).toBe('25');
    // Only the page is on screen: 25 pairings' people, not 127.
    expect(screen.getAllByRole('checkbox')).toHaveLength(50);

    const next = screen.getByRole('button', { name: 'Next' });
    const previous = screen.getByRole('button', { name: 'Previous' });
    expect(previous.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(next);
    await waitFor(() => expect(status().textContent).toBe('Showing 26–50 of 67'));
    expect(queries.at(-1)?.get('page')).toBe('2');
    fireEvent.click(next);
    await waitFor(() => expect(status().textContent).toBe('Showing 51–67 of 67'));
    expect(screen.getByText('Page 3 of 3')).toBeTruthy();
    // The last page: the people left out follow the pairings, with why in words.
    const rows = await bodyRows();
    expect(rows).toHaveLength(17);
    expect(rows.at(-1)!.textContent).toContain(nameOf(206));
    expect(rows.at(-1)!.textContent).toContain('Already paired with every possible peer recently');
    // Next stays focusable but does nothing on the last page.
    expect(next.getAttribute('aria-disabled')).toBe('true');
    next.focus();
    fireEvent.click(next);
    expect(document.activeElement).toBe(next);
    expect(queries.at(-1)?.get('page')).toBe('3');
    fireEvent.click(previous);
    await waitFor(() => expect(status().textContent).toBe('Showing 26–50 of 67'));
  });

  it('finds people by part of their name, whatever the case and accents, from the first page', async () => {
    const { queries } = renderRounds(publishedRound());
    await table();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(status().textContent).toBe('Showing 26–50 of 67'));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find a person' }), {
      target: { value: 'ZOE MULLER' },
    });
    // Zoë Müller26 is in pairing 13 (still being booked); nobody else has that name.
    await waitFor(() => expect(status().textContent).toBe('Showing 1–1 of 1'));
    expect(queries.at(-1)?.get('search')).toBe('ZOE MULLER');
    expect(queries.at(-1)?.get('page')).toBe('1');
    const found = (await bodyRows()).map((r) => r.textContent ?? '');
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('Zoë Müller26');
    expect(found[0]).toContain(nameOf(27));
    // The filter's choices count what the search finds.
    const filter = screen.getByRole('combobox', { name: 'Show' });
    expect(
      within(filter)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Everyone (1)', 'Booked (0)', 'Needs attention (0)', 'Unmatched (0)']);

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find a person' }), {
      target: { value: 'xavier' },
    });
    await waitFor(() => expect(status().textContent).toBe('Nobody in this round matches “xavier”.'));
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows only the pairings that need attention, each with why in words and a retry named for its people (its visible words first)', async () => {
    renderRounds(publishedRound());
    await table();
    expect(screen.getByText('3 pairings need attention.')).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Show' }), {
      target: { value: 'needs-attention' },
    });
    await waitFor(() => expect(status().textContent).toBe('Showing 1–3 of 3'));
    const rows = await bodyRows();
    expect(rows.map((r) => within(r).getAllByRole('cell')[3]!.textContent)).toEqual([
      'Being sorted outA member has no mailbox Pairwise can book in (none, or outside the app’s calendar access).',
      'Being sorted outNo time inside their working days is free for everyone on enough sessions (best: 1 of 6).',
      'Being sorted outA member declined the series again. Choose a time with them or pair them differently.',
    ]);
    // What the server wrote in English for API clients is not on the screen.
    expect(document.body.textContent).not.toContain('English words for API clients');
    expect(
      within(rows[0]!).getByRole('button', { name: `Retry booking: ${nameOf(14)} and ${nameOf(15)}` }),
    ).toBeTruthy();
  });

  it('keeps the people chosen on one page while another is shown, and pairs them', async () => {
    const { overrides } = renderRounds(publishedRound());
    await table();
    fireEvent.change(screen.getByRole('combobox', { name: 'Show' }), { target: { value: 'unmatched' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Rows per page' }), { target: { value: '10' } });
    await waitFor(() => expect(status().textContent).toBe('Showing 1–7 of 7'));
    fireEvent.click(screen.getByRole('checkbox', { name: nameOf(201) }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find a person' }), {
      target: { value: nameOf(205) },
    });
    await waitFor(() => expect(status().textContent).toBe('Showing 1–1 of 1'));
    fireEvent.click(screen.getByRole('checkbox', { name: nameOf(205) }));
    expect(screen.getByText('2 people selected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Pair selected' }));
    // In jsdom, Fluent's focus manager can leave the open dialog marked aria-hidden (focus never moves for real),
    // so its fields are found with `hidden`; Chromium checks the dialog's accessibility (tests/browser).
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Why\?/, hidden: true }), {
      target: { value: 'Asked to' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply', hidden: true }));
    await waitFor(() =>
      expect(overrides).toEqual([{ action: 'pair', userIds: ['left-1', 'left-5'], reason: 'Asked to' }]),
    );
  });

  it('follows a round the worker is still publishing until it is settled', async () => {
    renderRounds(publishedRound(), { first: { status: 'running', pairings: [], unmatched: [] } });
    expect(await screen.findByText(/^Pairwise is publishing this round/)).toBeTruthy();
    expect(await bodyRows()).toHaveLength(25);
    expect(screen.queryByText(/^Pairwise is publishing this round/)).toBeNull();
  });
});

describe('RoundsSection in German', () => {
  beforeAll(() => loadMessages('de-DE'));

  it('says everything in German, numbers and counts included', async () => {
    renderRounds(publishedRound(), { locale: 'de-DE' });
    await screen.findByRole('table', { name: 'Paarungen und Personen dieser Runde' });
    expect(screen.getByText('1–25 von 67')).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Person finden' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Handlungsbedarf (3)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Weiter' })).toBeTruthy();
    expect(screen.getByText('3 Paarungen brauchen Aufmerksamkeit.')).toBeTruthy();
  });
});

describe('RoundsSection: publishing while a round runs', () => {
  // Under jsdom, Fluent's focus manager (tabster) may leave an open dialog aria-hidden while its opening transition
  // settles, so the dialog and its buttons are looked up with `hidden: true`; in Chromium the same dialog is reached
  // by role and name (tests/browser/tab-e2e.test.ts, "Publish anyway").
  const inDialog = { hidden: true } as const;

  /** Round 7 runs until 14 April 2030 (after any test clock); a draft beside it places everyone. */
  function renderDraftBeside(running: Round) {
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
      unmatched: [],
    };
    const published: unknown[] = [];
    const fetchFn = fakeFetch({
      'GET admin/programs/growth/rounds': () => ({ status: 200, body: { rounds: [draft, running] } }),
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

  it('asks first, naming the running round and its last day, and publishes only when the admin confirms', async () => {
    const { published } = renderDraftBeside(publishedRound());
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
    const { published } = renderDraftBeside({
      ...publishedRound(),
      startsOn: '2026-01-05',
      endsOn: '2026-02-15',
    });
    fireEvent.click(await publishButton());
    await waitFor(() => expect(published).toEqual([{ draftRoundId: 'd-1' }]));
    expect(screen.queryByRole('dialog', inDialog)).toBeNull();
  });
});
