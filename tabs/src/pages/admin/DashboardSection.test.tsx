import '../../testing/jsdom-polyfills';

import { fireEvent, screen, within } from '@testing-library/react';

import { type ProgramStats } from '../../../../functions/src/contracts/admin';
import { createAdminApi } from '../../api/admin-api';
import { createFakeHost } from '../../host/fake-host';
import { fakeFetch } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { DashboardSection } from './DashboardSection';

const departments = ['Customer Success', 'Engineering', 'Finance', 'People'];
const stats: ProgramStats = {
  programId: 'growth',
  generatedAt: '2030-03-20T10:00:00.000Z',
  participantsOverTime: [
    { date: '2030-03-04', enrolled: 12, active: 10 },
    { date: '2030-03-11', enrolled: 19, active: 17 },
    { date: '2030-03-18', enrolled: 23, active: 20 },
  ],
  // A last stage far smaller than the first (the old funnel hid its label and figure).
  funnel: { participants: 23, placed: 20, booked: 18, met: 2 },
  ratingsGiven: 9,
  averageRating: 3.9,
  ratingCounts: [1, 0, 2, 3, 3],
  departmentMatrix: {
    departments,
    counts: [
      [1, 4, 0, 2],
      [4, 0, 3, 0],
      [0, 3, 0, 5],
      [2, 0, 5, 0],
    ],
  },
  unmatchedReasons: [],
  rounds: 2,
  needsAttention: 0,
  sessionsHeld: { likelyHeld: 11, sessionsSoFar: 16, pairings: 9, pairingsWithOneHeld: 7 },
  skips: { total: 8, byCategory: { 'too-busy': 4, away: 2, 'not-a-fit': 0, other: 1 } },
  workspaces: { pairings: 10, withGoals: 6, withEditedAgenda: 3, withCheckIns: 4, checkIns: 17 },
};

function renderDashboard(body: ProgramStats) {
  const host = createFakeHost();
  const fetchFn = fakeFetch({ 'GET admin/programs/growth/stats': () => ({ status: 200, body }) });
  const admin = createAdminApi({ getToken: host.getToken, fetch: fetchFn });
  return renderWithServices(<DashboardSection admin={admin} programId="growth" />, fetchFn, host);
}

/** The card whose heading is `title`. */
const card = async (title: string) =>
  (await screen.findByRole('heading', { name: title })).closest<HTMLElement>('[role="group"]')!;

/** Opens the card's table and reads it back as rows of cell texts (header row first). */
function openTable(cardElement: HTMLElement): string[][] {
  fireEvent.click(within(cardElement).getByRole('button', { name: 'Show as table' }));
  expect(
    within(cardElement).getByRole('button', { name: 'Hide the table' }).getAttribute('aria-expanded'),
  ).toBe('true');
  const table = within(cardElement).getByRole('table', { name: /, as a table$/ });
  return within(table)
    .getAllByRole('row')
    .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent ?? ''));
}

describe('DashboardSection', () => {
  it('the funnel shows every step with its label and figure, and its table has the same numbers', async () => {
    renderDashboard(stats);
    const funnel = await card('From joining to meeting');
    const steps = within(funnel).getAllByRole('listitem');
    expect(steps.map((s) => s.textContent)).toEqual([
      'Participants23 (100%)',
      'Placed20 (87%)',
      'Booked18 (78%)',
      'Said they met2 (9%)',
    ]);
    // The bars are drawn to scale; the smallest is still a visible sliver.
    const widths = steps.map((s) => (s.querySelector('[aria-hidden] > div') as HTMLElement).style.width);
    expect(widths[0]).toBe('max(100%, 4px)');
    expect(widths[3]).toMatch(/^max\(8\.69\d*%, 4px\)$/);
    expect(openTable(funnel)).toEqual([
      ['Step', 'People', 'Share of participants'],
      ['Participants', '23', '100%'],
      ['Placed', '20', '87%'],
      ['Booked', '18', '78%'],
      ['Said they met', '2', '9%'],
    ]);
  });

  it('the heat map names every department in full on both axes, and its table lists the same connections', async () => {
    renderDashboard(stats);
    const heat = await card('Connections between departments');
    const grid = within(heat).getByRole('table', { name: 'Connections between departments' });
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Pairings', ...departments]);
    const rows = within(grid).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(departments);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => Number(c.textContent)),
      ),
    ).toEqual(stats.departmentMatrix.counts);
    expect(openTable(heat)).toEqual([
      ['Departments', 'Pairings'],
      ['Finance and People', '5'],
      ['Customer Success and Engineering', '4'],
      ['Engineering and Finance', '3'],
      ['Customer Success and People', '2'],
      ['Within Customer Success', '1'],
    ]);
  });

  it('pair workspaces show as counts and shares of the pairings, never their content', async () => {
    renderDashboard(stats);
    const workspaces = await card('Pair workspaces');
    expect(
      within(workspaces)
        .getAllByRole('listitem')
        .map((s) => s.textContent),
    ).toEqual(['Set shared goals6 (60%)', 'Edited an agenda3 (30%)', 'Checked in on their goals4 (40%)']);
    expect(within(workspaces).getByTestId('workspace-check-ins').textContent).toBe(
      '17 check-ins on goals so far.',
    );
    expect(workspaces.textContent).toContain('Counts only');
    expect(openTable(workspaces)).toEqual([
      ['Measure', 'Pairings', 'Share of pairings'],
      ['Set shared goals', '6', '60%'],
      ['Edited an agenda', '3', '30%'],
      ['Checked in on their goals', '4', '40%'],
    ]);
  });

  it('sessions held come from the calendars, apart from the people who said they met', async () => {
    renderDashboard(stats);
    const held = await card('Sessions held (from calendars)');
    expect(within(held).getByTestId('sessions-held').textContent).toBe(
      '11 of 16 sessions so far likely took place.',
    );
    expect(held.textContent).toContain('7 of 9 pairings with a session so far likely met at least once.');
    expect(held.textContent).toContain('Inferred from calendar responses');
    expect(openTable(held)).toEqual([
      ['Measure', 'Count'],
      ['Sessions likely held', '11'],
      ['Sessions so far', '16'],
      ['Pairings that likely met at least once', '7'],
      ['Pairings with a session so far', '9'],
    ]);
  });

  it('from five skips with a reason, counts them per category (and the ones from before reasons)', async () => {
    renderDashboard(stats);
    const skips = await card('Skipped rounds');
    expect(within(skips).getByTestId('skips-total').textContent).toBe('8 skips so far.');
    expect(
      within(skips)
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ).toEqual(['Too busy4', 'Away2', 'Not a good fit0', 'Something else1']);
    expect(skips.textContent).toContain('1 skip from before reasons were asked.');
    expect(openTable(skips)).toEqual([
      ['Reason', 'Skips'],
      ['Too busy', '4'],
      ['Away', '2'],
      ['Not a good fit', '0'],
      ['Something else', '1'],
    ]);
  });

  it('below five skips, shows the total only, with a plain reason why', async () => {
    renderDashboard({ ...stats, skips: { total: 3, byCategory: null } });
    const skips = await card('Skipped rounds');
    expect(within(skips).getByTestId('skips-total').textContent).toBe('3 skips so far.');
    expect(skips.textContent).toContain('Reasons show here once at least five people have given one');
    expect(within(skips).queryByRole('listitem')).toBeNull();
    expect(within(skips).queryByRole('button', { name: 'Show as table' })).toBeNull();
    expect(skips.textContent).not.toMatch(/Too busy|Away|Not a good fit/);
  });

  it('participants over time and ratings have tables with the charts’ numbers', async () => {
    renderDashboard(stats);
    expect(openTable(await card('Participants over time'))).toEqual([
      ['Week of', 'Enrolled', 'Active'],
      ['Mar 4', '12', '10'],
      ['Mar 11', '19', '17'],
      ['Mar 18', '23', '20'],
    ]);
    const ratings = await card('Session ratings');
    // The bars carry their counts as labels (zero bars have none), and the table says the same.
    const barLabels = [...ratings.querySelectorAll('svg text')].map((t) => t.textContent);
    for (const count of stats.ratingCounts.filter((c) => c > 0)) expect(barLabels).toContain(String(count));
    expect(openTable(ratings)).toEqual([
      ['Rating', 'Ratings'],
      ['1 of 5', '1'],
      ['2 of 5', '0'],
      ['3 of 5', '2'],
      ['4 of 5', '3'],
      ['5 of 5', '3'],
    ]);
  });
});
