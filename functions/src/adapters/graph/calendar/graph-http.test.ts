import { createFetchTransport, graphErrorOf, GraphTransportError, mailboxOfPath } from './graph-http';

describe('createFetchTransport', () => {
  it('sends the bearer token, JSON body and headers to /v1.0 on the configured origin; lower-cases response headers', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const fakeFetch = (url: string, init?: RequestInit): Promise<Response> => {
      seen.push({ url, init: init! });
      return Promise.resolve(
        new Response(JSON.stringify({ id: 'e1' }), {
          status: 201,
          headers: { 'Retry-After': '2', 'Content-Type': 'application/json' },
        }),
      );
    };
    const transport = createFetchTransport({
      baseUrl: 'https://graph.example:8443/ignored/path',
      getToken: () => Promise.resolve('tok'),
      fetch: fakeFetch as unknown as typeof fetch,
    });
    const response = await transport({
      method: 'POST',
      path: '/users/a%40b/events',
      headers: { prefer: 'IdType="ImmutableId"' },
      body: { subject: 's' },
    });
    expect(response).toEqual({
      status: 201,
      headers: { 'retry-after': '2', 'content-type': 'application/json' },
      body: { id: 'e1' },
    });
    expect(seen[0]!.url).toBe('https://graph.example:8443/v1.0/users/a%40b/events');
    expect(seen[0]!.init.headers).toMatchObject({
      authorization: 'Bearer tok',
      prefer: 'IdType="ImmutableId"',
      'content-type': 'application/json',
    });
    expect(seen[0]!.init.body).toBe('{"subject":"s"}');
  });

  it('turns an empty body into undefined and a timeout into a GraphTransportError', async () => {
    const empty = createFetchTransport({
      baseUrl: 'https://g.example',
      getToken: () => Promise.resolve('t'),
      fetch: () => Promise.resolve(new Response(null, { status: 204 })),
    });
    expect((await empty({ method: 'DELETE', path: '/users/a/events/1' })).body).toBeUndefined();
    const slow = createFetchTransport({
      baseUrl: 'https://g.example',
      getToken: () => Promise.resolve('t'),
      timeoutMs: 10,
      fetch: ((_u: string, init: RequestInit) =>
        new Promise((_resolve, reject) =>
          init.signal!.addEventListener('abort', () => reject(new DOMException('timed out', 'TimeoutError'))),
        )) as unknown as typeof fetch,
    });
    await expect(slow({ method: 'GET', path: '/users/a' })).rejects.toMatchObject({
      name: 'GraphTransportError',
      reason: 'timeout',
    });
    const down = createFetchTransport({
      baseUrl: 'https://g.example',
      getToken: () => Promise.resolve('t'),
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(down({ method: 'GET', path: '/users/a' })).rejects.toBeInstanceOf(GraphTransportError);
  });
});

describe('helpers', () => {
  it.each([
    ['/users/Ana%40Contoso.example/events?$top=1', 'ana@contoso.example'],
    ['/users/oid-1/calendar/getSchedule', 'oid-1'],
    ['/$batch', undefined],
  ])('mailboxOfPath(%s) → %s', (path, mailbox) => {
    expect(mailboxOfPath(path)).toBe(mailbox);
  });

  it('reads Graph error bodies defensively', () => {
    expect(graphErrorOf({ error: { code: 'ErrorItemNotFound', message: 'x' } })).toEqual({
      code: 'ErrorItemNotFound',
      message: 'x',
    });
    expect(graphErrorOf('nope')).toEqual({ code: 'unknown', message: '' });
  });
});
