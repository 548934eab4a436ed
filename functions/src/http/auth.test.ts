import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { HttpRequest } from '@azure/functions';
import fc from 'fast-check';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  type KeyLike,
  SignJWT,
} from 'jose';

import { isAppError } from '../errors';
import {
  type Authenticator,
  createAuthenticator,
  PRE_AUTHORIZED_CLIENT_IDS,
  remoteSigningKeys,
  requireAdmin,
} from './auth';
import { toHttpResponse } from './responses';

const tenant = '11111111-2222-4333-8444-555555555555';
const otherTenant = '99999999-8888-4777-8666-555555555555';
const apiClientId = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const appIdUri = `api://pairwise.example.com/${apiClientId}`;
const userId = '0b6f4f0e-9c8a-4a53-9d8b-1f2e3d4c5b6a';

/** A tiny authority: OpenID configuration + JWKS, served over loopback like the production code path expects. */
class FakeAuthority {
  server!: Server;
  origin = '';
  jwks: JWK[] = [];
  jwksRequests = 0;
  /** How the key set endpoint answers: as it should, 500, a body that is not JSON, or JSON that is no key set. */
  jwksMode: 'ok' | 'error' | 'not-json' | 'not-a-key-set' = 'ok';
  /** Where the metadata says the key set is (null: here); a closed port makes its fetch fail at the socket. */
  jwksUri: string | null = null;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = req.url ?? '';
      const discovery = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url);
      if (discovery) {
        const t = discovery[1] ?? '';
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            issuer: `${this.origin}/${t}/v2.0`,
            jwks_uri: this.jwksUri ?? `${this.origin}/${t}/discovery/v2.0/keys`,
            token_endpoint: `${this.origin}/${t}/oauth2/v2.0/token`,
            authorization_endpoint: `${this.origin}/${t}/oauth2/v2.0/authorize`,
          }),
        );
        return;
      }
      if (/\/discovery\/v2\.0\/keys$/.test(url)) {
        this.jwksRequests += 1;
        res.setHeader('content-type', 'application/json');
        if (this.jwksMode === 'error') res.statusCode = 500;
        if (this.jwksMode === 'not-json') res.end('<html>maintenance</html>');
        else if (this.jwksMode === 'not-a-key-set') res.end(JSON.stringify({ keys: 'none' }));
        else res.end(JSON.stringify({ keys: this.jwks }));
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicKey };
}

async function jwkOf(key: SigningKey): Promise<JWK> {
  return { ...(await exportJWK(key.publicKey)), kid: key.kid, use: 'sig', alg: 'RS256' };
}

const now = () => Math.floor(Date.now() / 1000);

let authority: FakeAuthority;
let key: SigningKey;
let authenticator: Authenticator;

function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: `${authority.origin}/${tenant}/v2.0`,
    aud: apiClientId,
    azp: apiClientId,
    tid: tenant,
    oid: userId,
    scp: 'access_as_user',
    ver: '2.0',
    iat: now(),
    nbf: now(),
    exp: now() + 3600,
    ...overrides,
  };
}

function sign(payload: JWTPayload, signingKey: SigningKey = key, kid = signingKey.kid): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .sign(signingKey.privateKey);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function requestWith(authorization: string | undefined): HttpRequest {
  return new HttpRequest({
    method: 'GET',
    url: 'http://localhost/api/me',
    headers: authorization === undefined ? {} : { authorization },
  });
}

async function statusOf(authorization: string | undefined): Promise<number | 'ok'> {
  try {
    await authenticator.authenticate(requestWith(authorization));
    return 'ok';
  } catch (e) {
    if (isAppError(e)) return e.kind === 'unauthorized' ? 401 : e.kind === 'forbidden' ? 403 : 500;
    throw e;
  }
}

beforeAll(async () => {
  authority = new FakeAuthority();
  await authority.start();
  key = await newKey('key-1');
  authority.jwks = [await jwkOf(key)];
  authenticator = createAuthenticator(
    {
      AUTHORITY_HOST: authority.origin,
      API_CLIENT_ID: apiClientId,
      API_APP_ID_URI: appIdUri,
      ALLOWED_TENANT_IDS: [tenant],
    },
    remoteSigningKeys(authority.origin),
  );
});

afterAll(() => authority.stop());

describe('authenticate', () => {
  it('accepts a valid token and takes identity from tid and oid only', async () => {
    const principal = await authenticator.authenticate(requestWith(`Bearer ${await sign(claims())}`));
    expect(principal).toEqual({ tenantId: tenant, userId, isAdmin: false });
  });

  it('recognises the admin app role', async () => {
    const token = await sign(claims({ roles: ['Pairwise.Admin'] }));
    await expect(authenticator.authenticate(requestWith(`Bearer ${token}`))).resolves.toMatchObject({
      isAdmin: true,
    });
  });

  it('accepts the App ID URI as audience', async () => {
    expect(await statusOf(`Bearer ${await sign(claims({ aud: appIdUri }))}`)).toBe('ok');
  });

  it('tolerates small clock skew on exp and nbf', async () => {
    expect(await statusOf(`Bearer ${await sign(claims({ exp: now() - 120 }))}`)).toBe('ok');
    expect(await statusOf(`Bearer ${await sign(claims({ nbf: now() + 120 }))}`)).toBe('ok');
  });

  const forged: [string, () => Promise<string | undefined>][] = [
    ['no Authorization header', () => Promise.resolve(undefined)],
    ['empty bearer', () => Promise.resolve('Bearer ')],
    ['Basic scheme', () => Promise.resolve('Basic dXNlcjpwYXNz')],
    ['malformed token', () => Promise.resolve('Bearer not.a-token')],
    ['garbage segments', () => Promise.resolve(`Bearer ${b64({ alg: 'RS256' })}.@@@.xyz`)],
    [
      'bad signature (other key, same kid)',
      async () => `Bearer ${await sign(claims(), await newKey('key-1'))}`,
    ],
    ['alg none', () => Promise.resolve(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`)],
    [
      'HS256 signed with the public key',
      async () => {
        const pem = await exportSPKI(key.publicKey);
        const head = `${b64({ alg: 'HS256', kid: key.kid, typ: 'JWT' })}.${b64(claims())}`;
        const mac = createHmac('sha256', pem).update(head).digest('base64url');
        return `Bearer ${head}.${mac}`;
      },
    ],
    [
      'expired',
      async () => `Bearer ${await sign(claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 600 }))}`,
    ],
    ['not yet valid', async () => `Bearer ${await sign(claims({ nbf: now() + 900, exp: now() + 3600 }))}`],
    [
      'wrong audience',
      async () => `Bearer ${await sign(claims({ aud: '00000003-0000-0000-c000-000000000000' }))}`,
    ],
    [
      'wrong issuer host',
      async () => `Bearer ${await sign(claims({ iss: `https://evil.example/${tenant}/v2.0` }))}`,
    ],
    ['v1 issuer', async () => `Bearer ${await sign(claims({ iss: `https://sts.windows.net/${tenant}/` }))}`],
    [
      'other tenant',
      async () =>
        `Bearer ${await sign(claims({ tid: otherTenant, iss: `${authority.origin}/${otherTenant}/v2.0` }))}`,
    ],
    [
      'allowed tid but issuer of another tenant',
      async () => `Bearer ${await sign(claims({ iss: `${authority.origin}/${otherTenant}/v2.0` }))}`,
    ],
    ['missing scope', async () => `Bearer ${await sign(claims({ scp: 'User.Read' }))}`],
    [
      'app-only token (roles, no scp)',
      async () => `Bearer ${await sign(claims({ scp: undefined, roles: ['Pairwise.Admin'] }))}`,
    ],
    ['unknown kid', async () => `Bearer ${await sign(claims(), await newKey('rotated-away'))}`],
    ['missing oid', async () => `Bearer ${await sign(claims({ oid: undefined }))}`],
    ['missing exp', async () => `Bearer ${await sign(claims({ exp: undefined }))}`],
    [
      'payload tampered after signing (admin role added)',
      async () => {
        const [head, , signature] = (await sign(claims())).split('.');
        return `Bearer ${head}.${b64(claims({ roles: ['Pairwise.Admin'] }))}.${signature}`;
      },
    ],
  ];

  forged.push(
    [
      'another client (a user-consented third-party app)',
      async () => `Bearer ${await sign(claims({ azp: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5' }))}`,
    ],
    ['no azp or appid', async () => `Bearer ${await sign(claims({ azp: undefined }))}`],
    [
      'a v1 appid of another client',
      async () =>
        `Bearer ${await sign(claims({ azp: undefined, appid: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5' }))}`,
    ],
    ['azp that is not a string', async () => `Bearer ${await sign(claims({ azp: [apiClientId] }))}`],
  );

  it.each([
    ['the API itself (the tab signing in outside Teams)', apiClientId],
    ...PRE_AUTHORIZED_CLIENT_IDS.map((id) => [`pre-authorised client ${id}`, id] as [string, string]),
    ['an upper-case client id', PRE_AUTHORIZED_CLIENT_IDS[0]!.toUpperCase()],
  ])('accepts a token issued to %s', async (_name, client) => {
    expect(await statusOf(`Bearer ${await sign(claims({ azp: client }))}`)).toBe('ok');
    // v1 tokens carry the client in appid.
    expect(await statusOf(`Bearer ${await sign(claims({ azp: undefined, appid: client }))}`)).toBe('ok');
  });

  // Literal ids, not the list under test: the Outlook pane's Office SSO tokens (docs/decisions/0018) carry one of
  // these as azp, and dropping one from PRE_AUTHORIZED_CLIENT_IDS must fail here.
  it.each([
    ['Office umbrella (all Office endpoints)', 'ea5a67f6-b6f3-4338-b240-c655ddc3cc8e'],
    ['Office on the web', '93d53678-613d-4013-afc1-62e9e444a0a5'],
    ['Microsoft Office (Outlook desktop)', 'd3590ed6-52b3-4102-aeff-aad2292ab01c'],
    ['Outlook on the web', 'bc59ab01-8403-45c6-8796-ac3ef710b3e3'],
  ])('accepts an Office Add-in SSO token issued to %s', async (_name, client) => {
    expect(await statusOf(`Bearer ${await sign(claims({ azp: client }))}`)).toBe('ok');
  });

  it.each(forged)('rejects %s with 401', async (_name, make) => {
    expect(await statusOf(await make())).toBe(401);
  });

  it('answers 401 with a WWW-Authenticate challenge and without echoing the token', async () => {
    const token = await sign(claims({ aud: 'wrong' }));
    try {
      await authenticator.authenticate(requestWith(`Bearer ${token}`));
      throw new Error('expected a rejection');
    } catch (e) {
      if (!isAppError(e)) throw e;
      const response = toHttpResponse(e);
      expect(response.status).toBe(401);
      expect((response.headers as Record<string, string>)['www-authenticate']).toMatch(
        /^Bearer error="invalid_token"/,
      );
      expect(JSON.stringify(response)).not.toContain(token.split('.')[1]);
    }
  });

  it('follows a key rotation: an unknown kid refetches the key set once', async () => {
    const rotating = createAuthenticator(
      {
        AUTHORITY_HOST: authority.origin,
        API_CLIENT_ID: apiClientId,
        API_APP_ID_URI: undefined,
        ALLOWED_TENANT_IDS: [tenant],
      },
      remoteSigningKeys(authority.origin, { cooldownMs: 0 }),
    );
    await rotating.authenticate(requestWith(`Bearer ${await sign(claims())}`));
    const fetchesBefore = authority.jwksRequests;
    const next = await newKey('key-2');
    authority.jwks = [await jwkOf(key), await jwkOf(next)];
    await expect(
      rotating.authenticate(requestWith(`Bearer ${await sign(claims(), next)}`)),
    ).resolves.toMatchObject({ userId });
    expect(authority.jwksRequests).toBe(fetchesBefore + 1);
    authority.jwks = [await jwkOf(key)];
  });

  it('reports an unreachable authority as unavailable (503), not as a bad token', async () => {
    const down = createAuthenticator(
      {
        AUTHORITY_HOST: 'http://127.0.0.1:1',
        API_CLIENT_ID: apiClientId,
        API_APP_ID_URI: undefined,
        ALLOWED_TENANT_IDS: [tenant],
      },
      remoteSigningKeys('http://127.0.0.1:1'),
    );
    await expect(down.authenticate(requestWith(`Bearer ${await sign(claims())}`))).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });

  it.each([
    ['answers 500', (a: FakeAuthority) => (a.jwksMode = 'error')],
    ['answers with a page that is not JSON', (a: FakeAuthority) => (a.jwksMode = 'not-json')],
    ['answers JSON that is not a key set', (a: FakeAuthority) => (a.jwksMode = 'not-a-key-set')],
    ['cannot be reached (metadata fine)', (a: FakeAuthority) => (a.jwksUri = 'http://127.0.0.1:1/keys')],
  ])('answers 503 (not 401) when the key set endpoint %s', async (_name, breakIt) => {
    breakIt(authority);
    try {
      const fresh = createAuthenticator(
        {
          AUTHORITY_HOST: authority.origin,
          API_CLIENT_ID: apiClientId,
          API_APP_ID_URI: undefined,
          ALLOWED_TENANT_IDS: [tenant],
        },
        remoteSigningKeys(authority.origin),
      );
      let caught: unknown;
      try {
        await fresh.authenticate(requestWith(`Bearer ${await sign(claims())}`));
      } catch (e) {
        caught = e;
      }
      expect(isAppError(caught) && caught.kind).toBe('unavailable');
      if (!isAppError(caught)) throw new Error('expected an AppError');
      const response = toHttpResponse(caught);
      expect(response.status).toBe(503);
      expect(response.headers).toMatchObject({ 'retry-after': '5' });
      expect(response.jsonBody).toEqual({
        error: {
          code: 'identity_unavailable',
          message: 'The identity provider could not be reached; try again shortly.',
        },
      });
    } finally {
      authority.jwksMode = 'ok';
      authority.jwksUri = null;
    }
  });

  it('forbids admin routes to non-admins', () => {
    let error: unknown;
    try {
      requireAdmin({ tenantId: tenant, userId, isAdmin: false });
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && error.kind).toBe('forbidden');
    expect(requireAdmin({ tenantId: tenant, userId, isAdmin: true }).isAdmin).toBe(true);
  });

  it('answers 401 to 1,000 fuzzed Authorization headers, never anything else', async () => {
    const segment = fc.oneof(
      fc.base64String({ maxLength: 60 }).map((t) => t.replace(/[+/=]/g, '_')),
      fc.string({ maxLength: 40 }),
    );
    const header = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.tuple(segment, segment, segment).map(([a, b, c]) => `Bearer ${a}.${b}.${c}`),
      fc
        .tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), segment)
        .map(([head, body, sig]) => `Bearer ${b64(head)}.${b64(body)}.${sig}`),
      fc
        .record({ alg: fc.constantFrom('RS256', 'none', 'HS256', 'ES256'), kid: fc.string() })
        .map((head) => `Bearer ${b64(head)}.${b64(claims())}.`),
    );
    await fc.assert(
      fc.asyncProperty(header, async (value) => {
        expect(await statusOf(value)).toBe(401);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});
