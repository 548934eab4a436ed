import '../../testing/jsdom-polyfills';

import { fireEvent, screen, waitFor, within } from '@testing-library/react';

import {
  type Program,
  type ProgramInputBody,
  ProgramInputSchema,
  ProgramSchema,
} from '../../../../functions/src/contracts/admin';
import { createAdminApi } from '../../api/admin-api';
import { createFakeHost } from '../../host/fake-host';
import { loadMessages } from '../../i18n/catalogs';
import { fakeFetch } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { ProgramForm } from './ProgramForm';
import { ProgramsSection } from './ProgramsSection';

// Fluent's pickers are heavy in jsdom, and the machine's two cores are shared by parallel runs.
jest.setTimeout(60_000);

const noFetch = fakeFetch({});

const program: Program = ProgramSchema.parse({
  ...ProgramInputSchema.parse({
    name: 'Engineering buddies',
    kind: 'onboarding-buddy',
    roundLengthWeeks: 8,
    defaultCadence: 'weekly',
    sessionMinutes: 30,
    schedule: { cron: '0 9 * * 1', timeZone: 'Europe/London' },
    status: 'active',
  }),
  id: 'prog-1',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  etag: '"etag-1"',
  nextRoundAt: null,
  currentRoundEndsOn: null,
});

function renderForm(onSubmit: (body: ProgramInputBody) => Promise<void>, p: Program | null = program) {
  return renderWithServices(
    <ProgramForm
      program={p}
      suggestions={{ departments: ['Engineering', 'Finance', 'Sales'], levels: ['L3', 'L4', 'L5'] }}
      onSubmit={onSubmit}
      onCancel={() => undefined}
    />,
    noFetch,
  );
}

const combobox = (name: string) => screen.getByRole('combobox', { name: new RegExp(`^${name}`) });
const save = () => screen.getByRole<HTMLButtonElement>('button', { name: 'Save program' });
const summary = () => screen.getByText(/^Open to /);
/** The level rows (the schedule preview is a list too). */
const levelRows = () => {
  const list = screen.queryByRole('list', { name: 'Levels' });
  return list ? within(list).getAllByRole('listitem') : [];
};

function typeChip(name: string, value: string) {
  const input = combobox(name);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter' });
}

async function pickSuggestion(name: string, option: string) {
  const input = combobox(name);
  if (input.getAttribute('aria-expanded') !== 'true') fireEvent.click(input);
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

describe('ProgramForm: who can join', () => {
  it('adds typed and suggested departments and levels as chips, and says the rule back in plain words', async () => {
    renderForm(() => Promise.resolve());
    expect(summary().textContent).toBe('Open to everyone in the organization.');
    typeChip('Departments', 'Customer Success');
    await pickSuggestion('Departments', 'Sales');
    await pickSuggestion('Levels', 'L3');
    await pickSuggestion('Levels', 'L4');
    await pickSuggestion('Levels', 'L5');
    fireEvent.change(screen.getByLabelText(/^Hired on or after/), { target: { value: '2025-01-01' } });
    expect(summary().textContent).toBe(
      'Open to people in Customer Success and Sales, at levels L3–L5, hired on or after Jan 1, 2025.',
    );
    // A chosen value is an option of the chips list; pressing it removes it.
    fireEvent.click(screen.getByRole('option', { name: 'Customer Success Remove' }));
    expect(summary().textContent).toMatch(/^Open to people in Sales, /);
  });

  it('refuses a department that is already chosen, with a message under the field; adds a new one from the list', async () => {
    renderForm(() => Promise.resolve());
    typeChip('Departments', 'Finance');
    typeChip('Departments', 'finance');
    expect(screen.getByText('finance is already in the list.')).toBeTruthy();
    // A new value can also be picked from the list, as its own "Add" option.
    fireEvent.change(combobox('Departments'), { target: { value: 'Legal' } });
    if (combobox('Departments').getAttribute('aria-expanded') !== 'true')
      fireEvent.click(combobox('Departments'));
    fireEvent.click(await screen.findByRole('option', { name: 'Add "Legal"' }));
    expect(screen.getByRole('option', { name: 'Legal Remove' })).toBeTruthy();
  });

  it('flags a hire window that ends before it starts and keeps Save disabled until it is fixed', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderForm(onSubmit);
    fireEvent.change(screen.getByLabelText(/^Hired on or after/), { target: { value: '2025-03-01' } });
    fireEvent.change(screen.getByLabelText(/^Hired on or before/), { target: { value: '2025-02-01' } });
    expect(screen.getByText('Must be on or after the "hired on or after" date.')).toBeTruthy();
    expect(save().getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByText('Fix the highlighted fields to save.')).toBeTruthy();
    fireEvent.click(save());
    fireEvent.submit(save().closest('form')!);
    expect(onSubmit).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/^Hired on or before/), { target: { value: '2025-03-31' } });
    expect(screen.queryByText('Must be on or after the "hired on or after" date.')).toBeNull();
    expect(save().getAttribute('aria-disabled')).toBeNull();
    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].eligibility).toEqual({
      departments: [],
      levels: [],
      hireDateFrom: '2025-03-01',
      hireDateTo: '2025-03-31',
    });
  });
});

describe('ProgramForm: how levels are read', () => {
  it('starts on the tenant default and sends null for it', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderForm(onSubmit);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /^Tenant default/ }).checked).toBe(true);
    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].levelMapping).toBeNull();
  });

  it('asks for job-title levels, checks each row, and sends the rows in the order shown', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderForm(onSubmit);
    fireEvent.click(screen.getByRole('radio', { name: 'Job-title patterns' }));
    expect(screen.getByText('Add at least one level with a job-title pattern.')).toBeTruthy();
    expect(save().getAttribute('aria-disabled')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'Add a level' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a level' }));
    const rows = levelRows;
    expect(rows()).toHaveLength(2);
    // The new row's label takes focus, so typing can start at once.
    expect(document.activeElement).toBe(within(rows()[1]!).getByLabelText(/^Label/));
    expect(within(rows()[0]!).getAllByText('Required.')).toHaveLength(2);

    const fill = (row: HTMLElement, label: string, pattern: string) => {
      fireEvent.change(within(row).getByLabelText(/^Label/), { target: { value: label } });
      fireEvent.change(within(row).getByLabelText(/^Pattern/), { target: { value: pattern } });
    };
    fill(rows()[0]!, 'Senior', '(senior');
    expect(within(rows()[0]!).getByText('Not a valid regular expression.')).toBeTruthy();
    fill(rows()[0]!, 'Senior', '^senior');
    fill(rows()[1]!, 'Principal', 'principal|staff');
    expect(save().getAttribute('aria-disabled')).toBeNull();

    // Move the second row up: first match wins, so order matters.
    fireEvent.click(screen.getByRole('button', { name: 'Move level 2 up' }));
    expect(screen.getByText('Level moved to position 1.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move level 1 down' }));

    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const body = onSubmit.mock.calls[0]![0];
    expect(body.levelMapping).toEqual({
      source: 'jobTitle',
      attribute: null,
      levels: [
        { label: 'Principal', rank: 1, pattern: 'principal|staff' },
        { label: 'Senior', rank: 0, pattern: '^senior' },
      ],
    });
    expect(ProgramInputSchema.safeParse(body).success).toBe(true);
  });

  it('reads a directory attribute, with optional rows whose empty patterns are sent as null', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderForm(onSubmit);
    fireEvent.click(screen.getByRole('radio', { name: 'A directory attribute' }));
    expect(screen.getByText('Pick the attribute that holds the level.')).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: /^Directory attribute/ }), {
      target: { value: 'extensionAttribute4' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add a level' }));
    const row = levelRows()[0]!;
    fireEvent.change(within(row).getByLabelText(/^Label/), { target: { value: 'Manager' } });
    const rank = within(row).getByRole('spinbutton');
    fireEvent.change(rank, { target: { value: '101' } });
    fireEvent.blur(rank);
    expect(within(row).getByText('Between 0 and 100.')).toBeTruthy();
    expect(save().getAttribute('aria-disabled')).toBe('true');
    fireEvent.change(rank, { target: { value: '7' } });
    fireEvent.blur(rank);
    expect(within(row).queryByText('Between 0 and 100.')).toBeNull();

    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].levelMapping).toEqual({
      source: 'extensionAttribute',
      attribute: 'extensionAttribute4',
      levels: [{ label: 'Manager', rank: 7, pattern: null }],
    });
  });

  it('tries a sample on the mapping as the backend reads it, and warns about eligibility levels it never gives', () => {
    renderForm(() => Promise.resolve());
    fireEvent.change(screen.getByLabelText('Try a value of extensionAttribute1'), {
      target: { value: 'L4' },
    });
    expect(screen.getByText('Level L4, rank 4.')).toBeTruthy();

    typeChip('Levels', 'L3');
    fireEvent.click(screen.getByRole('radio', { name: 'Job-title patterns' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a level' }));
    const sample = screen.getByLabelText('Try a job title');
    fireEvent.change(sample, { target: { value: 'Senior Engineer' } });
    expect(screen.getByText('Fix the levels above to try them.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Label/), { target: { value: 'Senior' } });
    fireEvent.change(screen.getByLabelText(/^Pattern/), { target: { value: '^senior' } });
    fireEvent.change(screen.getByLabelText(/^Rank/), { target: { value: '5' } });
    fireEvent.blur(screen.getByLabelText(/^Rank/));
    expect(screen.getByText('Level Senior, rank 5.')).toBeTruthy();
    fireEvent.change(sample, { target: { value: 'Intern' } });
    expect(screen.getByText(/^No level: level gaps are not checked/)).toBeTruthy();

    // L3 is not a level this mapping gives: a warning, not an error (saving stays possible).
    expect(
      screen.getByText('The level mapping below gives no level called L3, so nobody would match it.'),
    ).toBeTruthy();
    expect(save().getAttribute('aria-disabled')).toBeNull();
  });

  it('moves focus to the next row, then to "Add a level", when rows are removed', () => {
    renderForm(() => Promise.resolve());
    fireEvent.click(screen.getByRole('radio', { name: 'Job-title patterns' }));
    const addButton = screen.getByRole('button', { name: 'Add a level' });
    fireEvent.click(addButton);
    fireEvent.click(addButton);
    fireEvent.click(screen.getByRole('button', { name: 'Remove level 1' }));
    expect(levelRows()).toHaveLength(1);
    expect(document.activeElement).toBe(within(levelRows()[0]!).getByLabelText(/^Label/));
    fireEvent.click(screen.getByRole('button', { name: 'Remove level 1' }));
    expect(levelRows()).toEqual([]);
    expect(document.activeElement).toBe(addButton);
  });

  it('keeps the typed rows when switching to the default and back', () => {
    renderForm(() => Promise.resolve());
    fireEvent.click(screen.getByRole('radio', { name: 'Job-title patterns' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a level' }));
    fireEvent.change(screen.getByLabelText(/^Label/), { target: { value: 'Senior' } });
    fireEvent.click(screen.getByRole('radio', { name: /^Tenant default/ }));
    expect(levelRows()).toEqual([]);
    fireEvent.click(screen.getByRole('radio', { name: 'Job-title patterns' }));
    expect(screen.getByDisplayValue('Senior')).toBeTruthy();
  });
});

describe('ProgramForm: when rounds start', () => {
  const scheduled = (cron: string, timeZone: string): Program => ({
    ...program,
    schedule: { cron, timeZone },
  });
  const select = (name: string) => screen.getByRole<HTMLSelectElement>('combobox', { name });
  const previewItems = () =>
    within(screen.getByRole('group', { name: 'The next three rounds' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');

  it('reads the stored CRON into the picker and previews the next three rounds in the program’s zone', () => {
    renderForm(() => Promise.resolve(), scheduled('0 9 * * 1', 'Europe/London'));
    expect(select('How often').value).toBe('weekly');
    expect(select('Day of the week').value).toBe('monday');
    expect(screen.getByLabelText<HTMLInputElement>(/^Time of day/).value).toBe('09:00');
    expect(screen.getByRole<HTMLInputElement>('combobox', { name: /^Time zone/ }).value).toMatch(
      /^London \(UTC(\+01:00)?\)$/,
    );
    const items = previewItems();
    expect(items).toHaveLength(3);
    // In the program's zone (London), and the admin's own time beside it when it differs (the fake host is UTC).
    for (const item of items) expect(item).toMatch(/^Monday, \w+ \d{1,2}, \d{4} at 9:00 AM/);
  });

  it('previews rounds one at a time: after the running round, as far apart as the round length', () => {
    // A weekly schedule with a round running until Sunday 5 January 2031 (far ahead of any test clock).
    renderForm(() => Promise.resolve(), {
      ...scheduled('0 9 * * 1', 'Europe/London'),
      roundLengthWeeks: 6,
      currentRoundEndsOn: '2031-01-05',
    });
    const days = () => previewItems().map((item) => /^Monday, (\w+ \d{1,2}, \d{4})/.exec(item)?.[1]);
    expect(days()).toEqual(['January 6, 2031', 'February 17, 2031', 'March 31, 2031']);
    // A shorter round length brings the later rounds closer; the first still waits for the running round.
    const length = screen.getByRole('spinbutton', { name: /^Round length/ });
    fireEvent.change(length, { target: { value: '2' } });
    fireEvent.blur(length);
    expect(days()).toEqual(['January 6, 2031', 'January 20, 2031', 'February 3, 2031']);
  });

  it('builds the CRON from the picked frequency, day and time, and saves it with the chosen time zone', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderForm(onSubmit, scheduled('0 9 * * 1', 'Europe/London'));
    fireEvent.change(select('How often'), { target: { value: 'monthly-weekday' } });
    fireEvent.change(select('Which one in the month'), { target: { value: 'last' } });
    fireEvent.change(select('Day of the week'), { target: { value: 'friday' } });
    fireEvent.change(screen.getByLabelText(/^Time of day/), { target: { value: '16:30' } });
    for (const item of previewItems()) expect(item).toMatch(/^Friday, .* at 4:30 PM/);

    const zone = screen.getByRole('combobox', { name: /^Time zone/ });
    fireEvent.change(zone, { target: { value: 'kolk' } });
    // Typing (or pasting) opens the list.
    expect(zone.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(await screen.findByRole('option', { name: /^Kolkata \(UTC\+05:30\)/ }));
    expect((zone as HTMLInputElement).value).toBe('Kolkata (UTC+05:30)');
    // Kolkata is not the admin's zone (UTC): each round also says when it is for them.
    for (const item of previewItems())
      expect(item).toMatch(/at 4:30 PM \(Fri, \w{3} \d{1,2}, 11:00 AM your time\)$/);

    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].schedule).toEqual({ cron: '30 16 * * 5L', timeZone: 'Asia/Kolkata' });
  });

  it('says when no time zone matches, and keeps the chosen one', async () => {
    renderForm(() => Promise.resolve(), scheduled('0 9 * * 1', 'Europe/London'));
    const zone = screen.getByRole('combobox', { name: /^Time zone/ });
    fireEvent.change(zone, { target: { value: 'atlantis' } });
    // Typing (or pasting) opens the list.
    expect(zone.getAttribute('aria-expanded')).toBe('true');
    expect(
      (await screen.findByRole('option', { name: 'No time zone matches “atlantis”.' })).getAttribute(
        'aria-disabled',
      ),
    ).toBe('true');
    fireEvent.keyDown(zone, { key: 'Escape' });
    await waitFor(() => expect((zone as HTMLInputElement).value).toMatch(/^London/));
  });

  it('keeps Save disabled with a message while the time is not a time', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderForm(onSubmit);
    fireEvent.change(screen.getByLabelText(/^Time of day/), { target: { value: '' } });
    expect(screen.getByText('Enter a time such as 09:00.')).toBeTruthy();
    expect(save().getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByText('No round is scheduled.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Time of day/), { target: { value: '07:15' } });
    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].schedule.cron).toBe('15 7 * * 1');
  });

  it('shows a CRON the picker cannot express as a custom schedule, saves it unchanged, and replaces it only when asked', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderForm(onSubmit, scheduled('0 9 1-7 * 1', 'Europe/London'));
    expect(screen.getByText('Custom schedule')).toBeTruthy();
    expect(screen.getByText(/set outside this form \(0 9 1-7 \* 1\)/)).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'How often' })).toBeNull();
    // The preview still tells when its rounds are (CRON's "either" rule: the 1st–7th, and every Monday).
    expect(previewItems()).toHaveLength(3);
    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].schedule).toEqual({ cron: '0 9 1-7 * 1', timeZone: 'Europe/London' });

    fireEvent.click(screen.getByRole('button', { name: 'Use a simple schedule instead' }));
    expect(screen.queryByText('Custom schedule')).toBeNull();
    expect(select('How often').value).toBe('weekly');
    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    expect(onSubmit.mock.calls[1]![0].schedule).toEqual({ cron: '0 9 * * 1', timeZone: 'Europe/London' });
  });
});

describe('ProgramForm: pairs across departments', () => {
  const slider = () => screen.queryByRole('slider', { name: /^Different departments/ });

  it('prefers crossing departments by default, with its weight, and can make it a rule or leave it out', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderForm(onSubmit);
    const preferred = screen.getByRole<HTMLInputElement>('radio', {
      name: 'Preferred: weigh it with the other criteria',
    });
    expect(preferred.checked).toBe(true);
    expect(screen.getByText(/get the points set for “Different departments” below/)).toBeTruthy();
    expect(slider()).toBeTruthy();

    fireEvent.click(
      screen.getByRole('radio', { name: 'Always: never pair two people from the same department' }),
    );
    expect(screen.getByText(/stays unpaired and is told why/)).toBeTruthy();
    // A rule leaves no points to set for it.
    expect(slider()).toBeNull();
    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const body = onSubmit.mock.calls[0]![0];
    expect(body.rules?.crossDepartment).toBe('require');
    // The weight is kept as it was, for when the admin prefers again.
    expect(body.weights?.differentDepartment).toBe(20);

    fireEvent.click(screen.getByRole('radio', { name: 'Does not matter' }));
    expect(screen.getByText('Departments play no part in who is paired with whom.')).toBeTruthy();
    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    expect(onSubmit.mock.calls[1]![0].rules?.crossDepartment).toBe('ignore');
  });
});

describe('ProgramForm: pairs or circles', () => {
  const networking: Program = { ...program, name: 'Networking circles', kind: 'network-building' };
  const meetIn = () => screen.getByRole<HTMLSelectElement>('combobox', { name: 'Meet in' });
  const oddCount = () => screen.queryByRole('combobox', { name: 'When the count is odd' });

  it('meets in pairs unless asked; circles of 3–6 replace the odd-count choice and are saved', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderForm(onSubmit, networking);
    expect(meetIn().value).toBe('2');
    expect([...meetIn().options].map((o) => o.textContent)).toEqual([
      'Pairs',
      'Circles of 3',
      'Circles of 4',
      'Circles of 5',
      'Circles of 6',
    ]);
    expect(oddCount()).toBeTruthy();
    fireEvent.change(meetIn(), { target: { value: '4' } });
    expect(screen.getByText(/the whole circle shares one recurring session/)).toBeTruthy();
    // Circles take an uneven count in their sizes.
    expect(oddCount()).toBeNull();
    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].rules?.groupSize).toBe(4);
  });

  it('keeps onboarding programs in pairs, and says why', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderForm(onSubmit, { ...networking, rules: { ...networking.rules, groupSize: 5 } });
    expect(meetIn().value).toBe('5');
    fireEvent.change(combobox('Kind'), { target: { value: 'onboarding-buddy' } });
    expect(meetIn().value).toBe('2');
    expect(meetIn().disabled).toBe(true);
    expect(screen.getByText('Onboarding programs pair each new joiner with one buddy.')).toBeTruthy();
    fireEvent.click(save());
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].rules?.groupSize).toBe(2);
  });
});

describe('ProgramsSection save', () => {
  it('PUTs the edited eligibility and level mapping with If-Match, and offers the tenant departments it knows', async () => {
    const sent: unknown[] = [];
    const fetchFn = fakeFetch({
      'GET admin/programs/prog-1/participants': () => ({
        status: 200,
        body: {
          items: [
            {
              userId: 'u1',
              displayName: 'Ada',
              jobTitle: 'Engineer',
              department: 'Research',
              level: 'L6',
              timeZone: null,
              hireDate: null,
              status: 'active',
              pausedUntil: null,
              goals: ['network-building'],
              cadence: 'weekly',
              enrolledAt: '2026-01-03T00:00:00Z',
              directorySyncedAt: null,
            },
          ],
          continuationToken: null,
        },
      }),
      'PUT admin/programs/prog-1': ({ body }) => {
        sent.push(body);
        return { status: 200, body: { ...program, ...(body as object), etag: '"etag-2"' } };
      },
    });
    const ifMatch: (string | undefined)[] = [];
    const recording = (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'PUT') ifMatch.push((init.headers as Record<string, string>)['if-match']);
      return fetchFn(input, init);
    };
    const onSaved = jest.fn();
    const admin = createAdminApi({ getToken: () => Promise.resolve('token'), fetch: recording });
    renderWithServices(<ProgramsSection admin={admin} programs={[program]} onSaved={onSaved} />, fetchFn);
    // Each program card says who can join.
    expect(screen.getByText('Open to everyone in the organization.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await pickSuggestion('Departments', 'Research');
    await pickSuggestion('Levels', 'L6');
    fireEvent.click(screen.getByRole('radio', { name: 'Job-title patterns' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a level' }));
    fireEvent.change(screen.getByLabelText(/^Label/), { target: { value: 'L6' } });
    fireEvent.change(screen.getByLabelText(/^Pattern/), { target: { value: 'principal' } });
    fireEvent.click(save());
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(fetchFn.calls).toContain('PUT admin/programs/prog-1');
    expect(ifMatch).toEqual(['"etag-1"']);
    expect(sent[0]).toMatchObject({
      eligibility: { departments: ['Research'], levels: ['L6'], hireDateFrom: null, hireDateTo: null },
      levelMapping: {
        source: 'jobTitle',
        attribute: null,
        levels: [{ label: 'L6', rank: 0, pattern: 'principal' }],
      },
    });
    expect(ProgramInputSchema.safeParse(sent[0]).success).toBe(true);
  });
});

describe('ProgramForm in German', () => {
  beforeAll(() => loadMessages('de-DE'));

  it('starts a new program with a German meeting subject and says what is wrong in German', async () => {
    const onSubmit = jest.fn((_b: ProgramInputBody) => Promise.resolve());
    renderWithServices(
      <ProgramForm program={null} onSubmit={onSubmit} onCancel={() => undefined} />,
      noFetch,
      createFakeHost({ locale: 'de-DE' }),
    );
    expect(screen.getByLabelText(/^Gemeinsame Ziele: 40/)).toBeTruthy();
    // The schedule picker speaks German too.
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Wie oft' }).value).toBe('weekly');
    expect(screen.getByRole('option', { name: 'Jede Woche' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'L'.repeat(101) } });
    fireEvent.click(screen.getByRole('button', { name: 'Programm anlegen' }));
    expect(await screen.findByText('Höchstens 100 Zeichen.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Lernpartner' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Wochentag' }), { target: { value: 'tuesday' } });
    fireEvent.click(screen.getByRole('button', { name: 'Programm anlegen' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    // The placeholder stays for the server, which puts the program's name in each meeting's subject.
    expect(onSubmit.mock.calls[0]![0].bookingPolicy?.subjectTemplate).toBe('{programName}: Peer-Mentoring');
    expect(onSubmit.mock.calls[0]![0].schedule.cron).toBe('0 9 * * 2');
  });
});
