import '../testing/jsdom-polyfills';

import { fireEvent, screen, waitFor, within } from '@testing-library/react';

import {
  type EnrollmentRequest,
  type FeedbackRequest,
  type PersonSummary,
} from '../../../functions/src/contracts/employee';
import { fakeFetch, pairing, programs } from '../testing/fixtures';
import { renderWithServices } from '../testing/render';
import { FeedbackForm } from './FeedbackForm';
import { JoinForm } from './JoinForm';
import { PairingCard } from './PairingCard';

const program = programs.programs[0]!;
const noFetch = fakeFetch({});

/** Preferences as stored by an earlier join (different from the form's defaults), with what a test varies. */
const stored = (patch: Partial<EnrollmentRequest>): EnrollmentRequest => ({
  goals: ['network-building'],
  topicsToLearn: [],
  topicsToShare: [],
  cadence: 'monthly',
  preferredDays: [],
  preferredTimesOfDay: [],
  languages: ['en'],
  notWith: [],
  ...patch,
});

describe('JoinForm', () => {
  it('shows a message and sends nothing when no goal is picked', () => {
    const onSubmit = jest.fn(() => Promise.resolve());
    renderWithServices(
      <JoinForm program={program} initial={null} onSubmit={onSubmit} onCancel={() => undefined} />,
      noFetch,
    );
    fireEvent.click(screen.getByRole('checkbox', { name: 'Collaborative learning' }));
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(screen.getByText('Pick at least one goal.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('adds topics, refuses duplicates, and sends a request the contract accepts; the button is disabled while saving', async () => {
    let finish: () => void = () => undefined;
    const onSubmit = jest.fn((_r: EnrollmentRequest) => new Promise<void>((resolve) => (finish = resolve)));
    renderWithServices(
      <JoinForm program={program} initial={null} onSubmit={onSubmit} onCancel={() => undefined} />,
      noFetch,
    );
    const learn = screen.getAllByRole('textbox')[0]!;
    fireEvent.change(learn, { target: { value: 'Rust' } });
    fireEvent.keyDown(learn, { key: 'Enter' });
    fireEvent.change(learn, { target: { value: 'rust' } });
    fireEvent.keyDown(learn, { key: 'Enter' });
    expect(screen.getByText('rust is already in the list.')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Tuesday' }));
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({
      goals: ['collaborative-learning'],
      topicsToLearn: ['Rust'],
      cadence: 'biweekly',
      preferredDays: ['tuesday'],
      languages: ['en'],
    });
    const saving = screen.getByRole<HTMLButtonElement>('button', { name: 'Saving…' });
    expect(saving.disabled).toBe(true);
    finish();
    await waitFor(() =>
      expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Join' }).disabled).toBe(false),
    );
  });

  it('names a stored language that is not a language tag, and sends nothing', () => {
    const onSubmit = jest.fn(() => Promise.resolve());
    renderWithServices(
      <JoinForm
        program={program}
        initial={stored({ languages: ['en', 'english'] })}
        onSubmit={onSubmit}
        onCancel={() => undefined}
      />,
      noFetch,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    expect(screen.getByText('english is not a language tag like "en" or "pt-BR".')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

describe('JoinForm: languages picked by name', () => {
  const picker = () => screen.getByRole('combobox', { name: /^Languages you are happy to speak/ });

  it('starts with the reader’s language, finds others by name or tag, and sends their tags', async () => {
    const onSubmit = jest.fn((_r: EnrollmentRequest) => Promise.resolve());
    renderWithServices(
      <JoinForm program={program} initial={null} onSubmit={onSubmit} onCancel={() => undefined} />,
      noFetch,
    );
    expect(screen.getByRole('option', { name: 'English Remove English' })).toBeTruthy();
    fireEvent.change(picker(), { target: { value: 'germ' } });
    fireEvent.click(await screen.findByRole('option', { name: /^German/ }));
    expect(screen.getByRole('option', { name: 'German Remove German' })).toBeTruthy();
    expect((picker() as HTMLInputElement).value).toBe('');
    // A language the list lacks, by its tag.
    fireEvent.change(picker(), { target: { value: 'pt-pt' } });
    fireEvent.click(await screen.findByRole('option', { name: /^European Portuguese/ }));
    // Already picked: not offered again.
    fireEvent.change(picker(), { target: { value: 'eng' } });
    await waitFor(() =>
      expect(screen.getByText('No language matches “eng”.', { exact: false })).toBeTruthy(),
    );
    fireEvent.click(screen.getByRole('option', { name: 'English Remove English' }));
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].languages).toEqual(['de', 'pt-PT']);
  });
});

describe('JoinForm: the private "not with" people picker', () => {
  const ada: PersonSummary = {
    userId: 'a1a1a1a1-0000-4000-8000-000000000001',
    displayName: 'Ada Lovelace',
    jobTitle: 'Engineer',
    department: 'Research',
  };
  const dan: PersonSummary = {
    userId: 'd2d2d2d2-0000-4000-8000-000000000002',
    displayName: 'Dan Brown',
    jobTitle: null,
    department: 'Sales',
  };
  const gone = 'e3e3e3e3-0000-4000-8000-000000000003';
  const picker = () => screen.getByRole('combobox', { name: /^Anyone you would rather not be paired with/ });
  // The picker's own status line (the form has one per picker): the one its input is described by.
  const status = () =>
    screen.getByText(
      (_t, el) =>
        el?.getAttribute('role') === 'status' &&
        el.id !== '' &&
        (picker().getAttribute('aria-describedby') ?? '').split(' ').includes(el.id),
    );

  function searchApi(people: PersonSummary[]) {
    const searched: string[] = [];
    const fetchFn = fakeFetch({
      'GET people': ({ query }) => {
        const text = query.get('search') ?? '';
        searched.push(text);
        return {
          status: 200,
          body: { people: people.filter((p) => p.displayName.toLowerCase().includes(text.toLowerCase())) },
        };
      },
    });
    return { fetchFn, searched };
  }

  it('searches once the typing pauses, shows name, title and department, and sends the picked person’s id', async () => {
    const { fetchFn, searched } = searchApi([ada, dan]);
    const onSubmit = jest.fn((_r: EnrollmentRequest) => Promise.resolve());
    renderWithServices(
      <JoinForm program={program} initial={null} onSubmit={onSubmit} onCancel={() => undefined} />,
      fetchFn,
    );
    fireEvent.change(picker(), { target: { value: 'a' } });
    expect(status().textContent).toBe('Type at least 2 letters of a name.');
    fireEvent.change(picker(), { target: { value: 'ad' } });
    fireEvent.change(picker(), { target: { value: 'ada' } });
    const option = await screen.findByRole('option', { name: /Ada Lovelace/ });
    expect(option.textContent).toContain('Engineer · Research');
    expect(status().textContent).toBe('1 person found');
    // Keystrokes inside the pause are not searched: one request, for the settled text.
    expect(searched).toEqual(['ada']);
    fireEvent.click(option);
    expect(screen.getByRole('option', { name: 'Ada Lovelace Remove' })).toBeTruthy();
    expect((picker() as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].notWith).toEqual([ada.userId]);
  });

  it('shows the chosen people by name when the form reopens, lets one be removed, and names an unknown id in words', async () => {
    const { fetchFn } = searchApi([ada, dan]);
    const onSubmit = jest.fn((_r: EnrollmentRequest) => Promise.resolve());
    renderWithServices(
      <JoinForm
        program={program}
        initial={stored({ notWith: [dan.userId, gone, ada.userId] })}
        knownPeople={[ada, dan]}
        onSubmit={onSubmit}
        onCancel={() => undefined}
      />,
      fetchFn,
    );
    expect(screen.getByRole('option', { name: 'Dan Brown Remove' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Ada Lovelace Remove' })).toBeTruthy();
    expect(screen.getByText('Someone no longer in Pairwise')).toBeTruthy();
    expect(document.body.textContent).not.toContain(gone);
    fireEvent.click(screen.getByRole('option', { name: 'Dan Brown Remove' }));
    // Already chosen people are not offered again.
    fireEvent.change(picker(), { target: { value: 'ada' } });
    await waitFor(() =>
      expect(status().textContent).toBe(
        'Nobody in Pairwise matches “ada”. Only people who joined a program can be found.',
      ),
    );
    // Her chip is the only option that names her: the search offers nobody.
    expect(
      screen.getAllByRole('option', { name: /Ada Lovelace/ }).map((o) => o.classList.contains('fui-Tag')),
    ).toEqual([true]);
    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].notWith).toEqual([gone, ada.userId]);
  });

  it('says so in words when the search is refused for too many requests', async () => {
    const fetchFn = fakeFetch({
      'GET people': () => ({
        status: 429,
        body: { error: { code: 'rate_limited', message: 'Too many requests' } },
      }),
    });
    renderWithServices(
      <JoinForm
        program={program}
        initial={null}
        onSubmit={() => Promise.resolve()}
        onCancel={() => undefined}
      />,
      fetchFn,
    );
    fireEvent.change(picker(), { target: { value: 'ada' } });
    await waitFor(() =>
      expect(status().textContent).toBe('Too many requests right now. Try again in a moment.'),
    );
  });
});

describe('FeedbackForm', () => {
  it('is disabled until "did you meet?" is answered, and asks for a rating when we met', async () => {
    const onSubmit = jest.fn((_r: FeedbackRequest) => Promise.resolve());
    renderWithServices(<FeedbackForm peerNames="Ada" onSubmit={onSubmit} />, noFetch);
    const send = screen.getByRole<HTMLButtonElement>('button', { name: 'Send feedback' });
    expect(send.disabled).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'Yes, we met' }));
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    expect(screen.getByText('Rate the session when you met.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('radio', { name: /^4/ }));
    fireEvent.click(send);
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ met: true, rating: 4, comment: '' }));
  });

  it('sends no rating when we did not meet', async () => {
    const onSubmit = jest.fn((_r: FeedbackRequest) => Promise.resolve());
    renderWithServices(<FeedbackForm peerNames="Ada" onSubmit={onSubmit} />, noFetch);
    fireEvent.click(screen.getByRole('radio', { name: 'No, not this time' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send feedback' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ met: false, rating: null, comment: '' }));
  });
});

describe('PairingCard actions', () => {
  it('skips the round with a reason and a private note, asking for the reason first', async () => {
    const sent: unknown[] = [];
    const fetchFn = fakeFetch({
      'POST pairings/pairing-1/skip': ({ body }) => {
        sent.push(body);
        return { status: 200, body: { ...pairing, skipped: true } };
      },
    });
    const onChanged = jest.fn();
    renderWithServices(
      <PairingCard pairing={pairing} meId="me" askFeedback={false} onChanged={onChanged} />,
      fetchFn,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Skip this round' }));
    const dialog = await screen.findByRole('dialog');
    // Every category is offered, none chosen for me.
    const radios = within(dialog).getAllByRole<HTMLInputElement>('radio');
    expect(radios.map((r) => r.labels?.[0]?.textContent)).toEqual([
      'Too busy right now',
      'Away (holiday, leave, travel)',
      'This pairing is not a good fit',
      'Something else',
    ]);
    expect(radios.some((r) => r.checked)).toBe(false);
    const confirm = screen.getAllByRole('button', { name: 'Skip this round' }).at(-1)!;
    fireEvent.click(confirm);
    expect(await within(dialog).findByText('Pick the reason that fits best.')).toBeTruthy();
    expect(sent).toEqual([]);
    // Fluent's dialog motion can leave the surface briefly styled as hidden in jsdom under load: query by label.

    fireEvent.click(within(dialog).getByLabelText('Away (holiday, leave, travel)'));
    const note = within(dialog).getByLabelText(/Private note/);
    expect(note.tagName).toBe('TEXTAREA');
    // The note says who can read it.
    expect(dialog.textContent).toContain('It is never shown to your peer or to admins.');
    fireEvent.change(note, { target: { value: '  Parental leave until May  ' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith('Skipped. Enjoy the break.'));
    expect(sent).toEqual([{ category: 'away', note: 'Parental leave until May' }]);
    // The peer's photo is read too (initials here: the fake answers 404); the action itself is one call.
    expect(fetchFn.calls.filter((c) => !c.endsWith('/photo'))).toEqual(['POST pairings/pairing-1/skip']);
  });

  it('shows the sessions likely held, from the calendars, once a session is over', () => {
    const before = renderWithServices(
      <PairingCard pairing={pairing} meId="me" askFeedback={false} onChanged={() => undefined} />,
      noFetch,
    );
    expect(screen.queryByTestId('sessions-held')).toBeNull();
    before.unmount();
    renderWithServices(
      <PairingCard
        pairing={{ ...pairing, sessionsHeld: { likelyHeld: 3, sessionsSoFar: 4 } }}
        meId="me"
        askFeedback={false}
        onChanged={() => undefined}
      />,
      noFetch,
    );
    expect(screen.getByTestId('sessions-held').textContent).toBe(
      'Sessions held: 3 of 4 sessions so far (from your calendars)',
    );
  });

  it('keeps the dialog open with an error when the API refuses', async () => {
    const fetchFn = fakeFetch({
      'POST programs/growth/enrollment/pause': () => ({
        status: 400,
        body: {
          error: {
            code: 'invalid_request',
            message: 'bad',
            details: [
              {
                path: 'body.until',
                issue: 'must be a date after today and at most a year ahead',
                code: 'pause-until-range',
                params: {},
              },
            ],
          },
        },
      }),
    });
    const onChanged = jest.fn();
    renderWithServices(
      <PairingCard pairing={pairing} meId="me" askFeedback={false} onChanged={onChanged} />,
      fetchFn,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(screen.getAllByRole('button', { name: 'Pause' }).at(-1)!);
    expect(await screen.findByText('Pick a date in the coming year.')).toBeTruthy();
    const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    fireEvent.change(dialog.querySelector('input[type="date"]')!, { target: { value: nextMonth } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Pause' }).at(-1)!);
    // In the catalog's words, from the problem's code.
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Choose a date after today and at most a year ahead.',
    );
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('opens the feedback form from an activity-feed deep link', async () => {
    renderWithServices(
      <PairingCard pairing={pairing} meId="me" askFeedback onChanged={() => undefined} />,
      noFetch,
    );
    expect(await screen.findByRole('radio', { name: 'Yes, we met' })).toBeTruthy();
  });

  it('asks again after every session: the second session, once it has started, though the first was answered', async () => {
    const sent: unknown[] = [];
    const fetchFn = fakeFetch({
      'POST pairings/pairing-1/feedback': ({ body }) => {
        sent.push(body);
        return {
          status: 200,
          body: { pairingId: 'pairing-1', met: false, rating: null, submittedAt: '2030-03-20T10:00:00.000Z' },
        };
      },
    });
    const onChanged = jest.fn();
    const answeredFirst = {
      ...pairing,
      myFeedback: { met: true, rating: 5, submittedAt: '2030-03-05T15:10:00.000Z' },
    };
    const first = renderWithServices(
      <PairingCard pairing={answeredFirst} meId="me" askFeedback={false} onChanged={onChanged} />,
      fetchFn,
    );
    // Between sessions: nothing to answer; what I said last time shows.
    expect(screen.queryByRole('radio', { name: 'Yes, we met' })).toBeNull();
    expect(screen.getByText('You said you met and rated the session 5 of 5.')).toBeTruthy();
    first.unmount();

    renderWithServices(
      <PairingCard
        pairing={{ ...answeredFirst, feedbackDue: { session: 2, start: '2030-03-19T14:30:00.000Z' } }}
        meId="me"
        askFeedback={false}
        onChanged={onChanged}
      />,
      fetchFn,
    );
    // The form loads on first use.
    const notMet = await screen.findByRole('radio', { name: 'No, not this time' });
    // The question names the session's day (the fake host's locale, en-US, in UTC).
    expect(
      screen.getByRole('heading', {
        name: 'How was your session of Tuesday, March 19, 2030 with Ada Lovelace?',
      }),
    ).toBeTruthy();
    // The earlier answer does not sit under a new question.
    expect(screen.queryByText('You said you met and rated the session 5 of 5.')).toBeNull();
    fireEvent.click(notMet);
    fireEvent.click(screen.getByRole('button', { name: 'Send feedback' }));
    await waitFor(() =>
      expect(onChanged).toHaveBeenCalledWith('Thanks! Your feedback helps pair people well.'),
    );
    expect(sent).toEqual([{ met: false, rating: null, comment: '' }]);
  });
});
