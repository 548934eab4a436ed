import '../testing/jsdom-polyfills';

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';

import { type PairingView, type SuggestedSlot } from '../../../functions/src/contracts/employee';
import { createFakeHost } from '../host/fake-host';
import { fakeFetch, pairing } from '../testing/fixtures';
import { renderWithServices } from '../testing/render';
import { PairingCard } from './PairingCard';

const slots: SuggestedSlot[] = [
  {
    id: 'w2.thursday.540.2030-03-07',
    start: '2030-03-07T08:00:00.000Z',
    end: '2030-03-07T08:30:00.000Z',
    weekday: 'thursday',
    localTimeForMe: '09:00',
    usableOccurrences: 6,
    checkedOccurrences: 6,
  },
  {
    id: 'w2.friday.840.2030-03-08',
    start: '2030-03-08T13:00:00.000Z',
    end: '2030-03-08T13:30:00.000Z',
    weekday: 'friday',
    localTimeForMe: '14:00',
    usableOccurrences: 5,
    checkedOccurrences: 6,
  },
];

/** The card as the home page uses it: a change reloads the pairing (here: the one the API answered). */
function Harness({ latest }: { latest: { value: PairingView } }) {
  const [current, setCurrent] = useState(pairing);
  const [message, setMessage] = useState('');
  return (
    <>
      <PairingCard
        pairing={current}
        meId="me"
        askFeedback={false}
        onChanged={(m) => {
          setMessage(m);
          setCurrent(latest.value);
        }}
      />
      <output>{message}</output>
    </>
  );
}

describe('RescheduleDialog', () => {
  it('lists the suggested times in my zone and locale, and moves the series to the chosen one', async () => {
    const latest = { value: pairing };
    const posted: unknown[] = [];
    const fetchFn = fakeFetch({
      'GET pairings/pairing-1/slots': () => ({ status: 200, body: { slots } }),
      'POST pairings/pairing-1/reschedule': ({ body }) => {
        posted.push(body);
        latest.value = {
          ...pairing,
          nextSession: { start: slots[1]!.start, end: slots[1]!.end, joinUrl: pairing.nextSession!.joinUrl },
        };
        return { status: 200, body: latest.value };
      },
    });
    renderWithServices(
      <Harness latest={latest} />,
      fetchFn,
      createFakeHost({ locale: 'en-GB', timeZone: 'Europe/Berlin' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Reschedule' }));
    const dialog = await screen.findByRole('dialog');
    const group = await within(dialog).findByRole('radiogroup', { name: 'Suggested times' });
    const options = within(group).getAllByRole('radio');
    expect(options).toHaveLength(2);
    // 13:00Z is 14:00 in Berlin; en-GB writes a 24-hour clock and the day before the month.
    expect(within(group).getByText('Friday at 14:00, starting 8 March 2030')).toBeTruthy();
    expect(within(group).getByText('Free for both on 5 of the next 6 sessions')).toBeTruthy();
    const confirm = within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Move the sessions' });
    expect(confirm.disabled).toBe(true);
    fireEvent.click(options[1]!);
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(posted).toEqual([{ slotId: 'w2.friday.840.2030-03-08' }]);
    expect(screen.getByRole('status').textContent).toMatch(
      /^Your sessions moved\. Next session: Fri 8 Mar, 14:00\.$/,
    );
    expect(screen.getByTestId('next-session').textContent).toContain('14:00');
  });

  it('is offered only for a booked series', () => {
    renderWithServices(
      <PairingCard
        pairing={{ ...pairing, state: 'booking', series: null, nextSession: null }}
        meId="me"
        askFeedback={false}
        onChanged={() => undefined}
      />,
      fakeFetch({}),
    );
    expect(screen.getByRole('button', { name: 'Skip this round' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reschedule' })).toBeNull();
  });

  it('shows a loading state, then says so when no other time fits', async () => {
    const inner = fakeFetch({ 'GET pairings/pairing-1/slots': () => ({ status: 200, body: { slots: [] } }) });
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const fetchFn = ((input: RequestInfo | URL, init?: RequestInit) =>
      gate.then(() => inner(input, init))) as typeof fetch;
    renderWithServices(<Harness latest={{ value: pairing }} />, fetchFn);
    fireEvent.click(screen.getByRole('button', { name: 'Reschedule' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('Finding times that suit you both…')).toBeTruthy();
    open();
    expect(await within(dialog).findByText(/No other time is free for both of you right now/)).toBeTruthy();
    expect(
      within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Move the sessions' }).disabled,
    ).toBe(true);
  });

  it('shows an error with a retry that loads fresh suggestions, also when the chosen time was taken', async () => {
    let fail = true;
    const fetchFn = fakeFetch({
      'GET pairings/pairing-1/slots': () =>
        fail
          ? { status: 503, body: { error: { code: 'unavailable', message: 'busy' } } }
          : { status: 200, body: { slots } },
      'POST pairings/pairing-1/reschedule': () => ({
        status: 409,
        body: { error: { code: 'conflict', message: 'That time is no longer free.' } },
      }),
    });
    renderWithServices(<Harness latest={{ value: pairing }} />, fetchFn);
    fireEvent.click(screen.getByRole('button', { name: 'Reschedule' }));
    const dialog = await screen.findByRole('dialog');
    const alert = await within(dialog).findByRole('alert');
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    const group = await within(dialog).findByRole('radiogroup');
    fireEvent.click(within(group).getAllByRole('radio')[0]!);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move the sessions' }));
    const refused = await within(dialog).findByRole('alert');
    fireEvent.click(within(refused).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(within(dialog).queryByRole('alert')).toBeNull());
    expect(fetchFn.calls.filter((c) => c === 'GET pairings/pairing-1/slots')).toHaveLength(3);
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});
