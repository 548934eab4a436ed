import '../testing/jsdom-polyfills';

import { fireEvent, screen, waitFor } from '@testing-library/react';

import { createFakeHost } from '../host/fake-host';
import { fakeFetch, ME_ID, pairing, PEER_ID } from '../testing/fixtures';
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
