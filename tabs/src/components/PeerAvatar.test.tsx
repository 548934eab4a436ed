import '../testing/jsdom-polyfills';

import { screen, waitFor } from '@testing-library/react';

import { ME_ID, pairing, PEER_ID } from '../testing/fixtures';
import { renderWithServices } from '../testing/render';
import { PairingCard } from './PairingCard';
import { PeerAvatar } from './PeerAvatar';

/** A fetch that answers the peer-photo route with JPEG bytes, a 404 JSON error, or a network failure. */
function photoFetch(answer: 'photo' | 404 | 'network') {
  const calls: { url: string; authorization: string | undefined; accept: string | undefined }[] = [];
  const fn = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ url: new URL(url).pathname, authorization: headers.authorization, accept: headers.accept });
    if (answer === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    if (answer === 404 || !url.includes('/photo')) {
      return Promise.resolve({
        ok: false,
        status: 404,
        json: () => Promise.resolve({ error: { code: 'not_found', message: 'The photo was not found.' } }),
      } as unknown as Response);
    }
    return Promise.resolve({
      ok: true,
      status: 200,
      blob: () =>
        Promise.resolve(new Blob([Uint8Array.from([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' })),
    } as unknown as Response);
  };
  return Object.assign(fn, { calls });
}

// jsdom has no object URLs: count what the component creates and revokes.
const created: Blob[] = [];
const revoked: string[] = [];
beforeEach(() => {
  created.length = 0;
  revoked.length = 0;
  URL.createObjectURL = (blob: Blob) => {
    created.push(blob);
    return `blob:http://localhost/photo-${created.length}`;
  };
  URL.revokeObjectURL = (url: string) => {
    revoked.push(url);
  };
});

describe('PeerAvatar', () => {
  it('shows the photo the API returns, fetched with the bearer token, and revokes its URL on unmount', async () => {
    const fetchFn = photoFetch('photo');
    const view = renderWithServices(
      <PeerAvatar personId={PEER_ID} name="Priya Natarajan" size={48} />,
      fetchFn,
    );
    const img = await waitFor(() => {
      const found = view.container.querySelector('img');
      if (!found) throw new Error('no img yet');
      return found;
    });
    expect(img.getAttribute('src')).toBe('blob:http://localhost/photo-1');
    expect(img.getAttribute('alt')).toBe('');
    expect(created[0]?.type).toBe('image/jpeg');
    expect(fetchFn.calls).toHaveLength(1);
    expect(fetchFn.calls[0]?.url).toBe(`/api/me/peers/${PEER_ID}/photo`);
    expect(fetchFn.calls[0]?.authorization).toMatch(/^Bearer .+/);
    expect(fetchFn.calls[0]?.accept).toBe('image/*');
    view.unmount();
    expect(revoked).toEqual(['blob:http://localhost/photo-1']);
  });

  it.each([
    ['a 404 (no photo)', 404 as const],
    ['a network failure', 'network' as const],
  ])('shows initials and no error on %s', async (_what, answer) => {
    const fetchFn = photoFetch(answer);
    const view = renderWithServices(
      <PeerAvatar personId={PEER_ID} name="Priya Natarajan" size={48} />,
      fetchFn,
    );
    await waitFor(() => expect(fetchFn.calls).toHaveLength(1));
    // Let the rejected request settle before looking.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(view.container.querySelector('img')).toBeNull();
    expect(view.container.textContent).toContain('PN');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(created).toHaveLength(0);
  });

  it('does not ask for a photo of someone without an Entra id (an erased former peer)', () => {
    const fetchFn = photoFetch('photo');
    renderWithServices(<PeerAvatar personId="erased" name="Former participant" />, fetchFn);
    renderWithServices(<PeerAvatar personId={undefined} name={undefined} />, fetchFn);
    expect(fetchFn.calls).toEqual([]);
  });

  it('puts the photo on the pairing card’s peer avatar', async () => {
    const fetchFn = photoFetch('photo');
    const view = renderWithServices(
      <PairingCard pairing={pairing} meId={ME_ID} askFeedback={false} onChanged={() => undefined} />,
      fetchFn,
    );
    const img = await waitFor(() => {
      const found = view.container.querySelector('img');
      if (!found) throw new Error('no img yet');
      return found;
    });
    expect(img.getAttribute('src')).toMatch(/^blob:/);
    expect(fetchFn.calls.map((c) => c.url)).toEqual([`/api/me/peers/${PEER_ID}/photo`]);
  });
});
