import '../testing/jsdom-polyfills';

import { fireEvent, screen, waitFor, within } from '@testing-library/react';

import { createFakeHost } from '../host/fake-host';
import { circle, fakeFetch, ME_ID, pairing, PEER_ID } from '../testing/fixtures';
import { renderWithServices } from '../testing/render';
import { PairingCard } from './PairingCard';

const card = <PairingCard pairing={pairing} meId={ME_ID} askFeedback={false} onChanged={() => undefined} />;
const chatApi = () =>
  fakeFetch({
    [`GET me/peers/${PEER_ID}/chat`]: () => ({ status: 200, body: { user: 'ada.lovelace@contoso.example' } }),
  });

describe('PairingCard: Chat with …', () => {
  it('opens a Teams chat through the host’s chat capability, with the peer’s sign-in name read on press', async () => {
    const fetchFn = chatApi();
    const host = createFakeHost({ chatVia: 'chat' });
    renderWithServices(card, fetchFn, host);
    const button = screen.getByRole('button', { name: 'Chat with Ada Lovelace' });
    // Nothing is read before the press.
    expect(fetchFn.calls.filter((c) => c.endsWith('/chat'))).toEqual([]);
    fireEvent.click(button);
    await waitFor(() => expect(host.openedChats).toEqual(['ada.lovelace@contoso.example']));
    expect(host.openedLinks).toEqual([]);
  });

  it('falls back to Teams’ chat deep link where the host has no chat capability', async () => {
    const host = createFakeHost({ chatVia: 'link' });
    renderWithServices(card, chatApi(), host);
    fireEvent.click(screen.getByRole('button', { name: 'Chat with Ada Lovelace' }));
    await waitFor(() =>
      expect(host.openedLinks).toEqual([
        'https://teams.microsoft.com/l/chat/0/0?users=ada.lovelace%40contoso.example',
      ]),
    );
  });

  it('is hidden where the host can open neither (outside Teams)', () => {
    renderWithServices(card, chatApi(), createFakeHost());
    expect(screen.queryByRole('button', { name: /^Chat with/ })).toBeNull();
    // The rest of the card is there.
    expect(screen.getByText('Ada Lovelace')).toBeTruthy();
  });

  it('says so in words when the chat cannot be opened, and the button works again', async () => {
    const host = createFakeHost({ chatVia: 'chat' });
    renderWithServices(card, fakeFetch({}), host);
    fireEvent.click(screen.getByRole('button', { name: 'Chat with Ada Lovelace' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The chat could not be opened. This item no longer exists.',
    );
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Chat with Ada Lovelace' }).disabled).toBe(
      false,
    );
    expect(host.openedChats).toEqual([]);
  });
});

describe('PairingCard: your circle', () => {
  const circleCard = (view = circle) => (
    <PairingCard pairing={view} meId={ME_ID} askFeedback={false} onChanged={() => undefined} />
  );

  it('shows the circle: everyone in it, why, in words for a group, and the next session', () => {
    renderWithServices(circleCard(), fakeFetch({}), createFakeHost());
    expect(screen.getByRole('heading', { name: 'Your circle' })).toBeTruthy();
    expect(screen.getByTestId('circle-size').textContent).toBe('You and 3 others');
    const members = screen.getAllByRole('listitem').filter((item) => item.closest('[role="list"]'));
    expect(members.map((m) => within(m).getByText(/^(Ada|Katherine|Alan)/).textContent)).toEqual([
      'Ada Lovelace',
      'Katherine Johnson',
      'Alan Turing',
    ]);
    expect(screen.getByRole('heading', { name: 'Why you are together' })).toBeTruthy();
    const why = screen.getByRole('heading', { name: 'Why you are together' }).parentElement!;
    expect([...why.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'You are all at the same level (L3), so nobody is the boss.',
      'You work in different departments (Finance, Legal, R&D, and Sales), so you bring new perspectives.',
      'You all want to grow your networks.',
      'Katherine Johnson can share SQL, which you want to learn.',
      'Your working days overlap by 3 hours.',
    ]);
    expect(screen.getByTestId('next-session').textContent).toMatch(/March 5, 2030/);
  });

  it('a pair keeps its own title and words', () => {
    renderWithServices(circleCard(pairing), fakeFetch({}), createFakeHost());
    expect(screen.getByRole('heading', { name: 'Your peer' })).toBeTruthy();
    expect(screen.queryByTestId('circle-size')).toBeNull();
    expect(screen.getByText('You are at the same level (L3), so neither of you is the boss.')).toBeTruthy();
  });

  it('skipping says the circle goes on without me (with two others or more)', async () => {
    renderWithServices(circleCard(), fakeFetch({}), createFakeHost());
    fireEvent.click(screen.getByRole('button', { name: 'Skip this round' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Your circle goes on without you');
  });

  it('a circle down to one other person ends with me, and says so as a pair does', async () => {
    renderWithServices(
      circleCard({ ...circle, peers: circle.peers.slice(0, 1) }),
      fakeFetch({}),
      createFakeHost(),
    );
    expect(screen.getByRole('heading', { name: 'Your circle' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Leave program' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Your current sessions are cancelled');
  });
});
