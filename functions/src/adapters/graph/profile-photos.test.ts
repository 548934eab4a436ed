import { GraphProfilePhotos } from './profile-photos';

type Answer = {
  status: number;
  type?: string;
  body?: Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
};

function fakeFetch(answers: Record<string, Answer>) {
  const calls: { url: string; authorization: string | undefined }[] = [];
  const fetchFn = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    calls.push({ url, authorization: (init?.headers as Record<string, string> | undefined)?.authorization });
    const path = new URL(url).pathname;
    const answer = answers[path] ?? {
      status: 404,
      type: 'application/json',
      body: new TextEncoder().encode('{"error":{"code":"ImageNotFound"}}'),
    };
    return Promise.resolve(
      new Response(answer.body ?? null, {
        status: answer.status,
        headers: { ...(answer.type ? { 'content-type': answer.type } : {}), ...answer.headers },
      }),
    );
  };
  return { calls, fetch: fetchFn };
}

const jpeg = Uint8Array.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
const user = 'a0000000-0000-4000-8000-000000000002';
const small = `/v1.0/users/${user}/photos/120x120/$value`;
const largest = `/v1.0/users/${user}/photo/$value`;

function reader(answers: Record<string, Answer>) {
  const f = fakeFetch(answers);
  const photos = new GraphProfilePhotos({
    baseUrl: 'https://graph.example',
    getToken: (tenant) => Promise.resolve(`token-${tenant}`),
    fetch: f.fetch,
  });
  return { photos, calls: f.calls };
}

describe('GraphProfilePhotos', () => {
  it('reads the 120x120 photo first, with the tenant’s app token, and derives a stable etag from the bytes', async () => {
    const { photos, calls } = reader({ [small]: { status: 200, type: 'image/jpeg', body: jpeg } });
    const photo = await photos.read('t1', user);
    expect(photo?.contentType).toBe('image/jpeg');
    expect(Array.from(photo?.bytes ?? [])).toEqual(Array.from(jpeg));
    expect(photo?.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect((await photos.read('t1', user))?.etag).toBe(photo?.etag);
    expect(calls.map((c) => [c.url, c.authorization])).toContainEqual([
      `https://graph.example${small}`,
      'Bearer token-t1',
    ]);
  });

  it('falls back to the largest photo when that size does not exist, and says "no photo" on two 404s', async () => {
    const fallback = reader({ [largest]: { status: 200, type: 'image/png', body: jpeg } });
    expect((await fallback.photos.read('t', user))?.contentType).toBe('image/png');
    expect(fallback.calls.map((c) => new URL(c.url).pathname)).toEqual([small, largest]);
    const none = reader({});
    expect(await none.photos.read('t', user)).toBeNull();
  });

  it.each([
    [429, 'throttled', { 'retry-after': '7' }, 7],
    [503, 'unavailable', {}, 5],
    [403, 'upstream', {}, undefined],
    [500, 'upstream', {}, undefined],
  ])('maps Graph %s to an AppError of kind %s', async (status, kind, headers, retryAfter) => {
    const { photos } = reader({
      [small]: { status, type: 'application/json', body: new TextEncoder().encode('{}'), headers },
    });
    await expect(photos.read('t', user)).rejects.toMatchObject({ kind, retryAfterSeconds: retryAfter });
  });

  it('refuses an answer that is not an image (never relays HTML or JSON as a photo)', async () => {
    const { photos } = reader({
      [small]: { status: 200, type: 'text/html', body: new TextEncoder().encode('<script>') },
    });
    await expect(photos.read('t', user)).rejects.toMatchObject({ kind: 'upstream', code: 'photo_not_image' });
  });

  it('turns a network failure into "unavailable"', async () => {
    const photos = new GraphProfilePhotos({
      baseUrl: 'https://graph.example',
      getToken: () => Promise.resolve('x'),
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(photos.read('t', user)).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
