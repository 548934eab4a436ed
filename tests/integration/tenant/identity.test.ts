// Contract tests read Graph/Entra JSON loosely on purpose: the assertions, not the types, check the shapes.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument */
import { createHash, randomBytes } from 'node:crypto';

import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';

import { type TenantSimulator } from '../../../dev/tenant';
import { createClientCertificate } from '../../../dev/tenant/keys';
import { backendMsal, graph, startSimulator } from './helpers';

let sim: TenantSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.stop();
});

const form = (fields: Record<string, string>): URLSearchParams => new URLSearchParams(fields);

async function token(
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: form(fields),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

describe('Entra ID v2 discovery', () => {
  it('serves an openid-configuration whose issuer and endpoints use the origin the client used', async () => {
    const res = await fetch(`${sim.url}/${sim.tenantId}/v2.0/.well-known/openid-configuration`);
    const doc = (await res.json()) as Record<string, string>;
    expect(doc.issuer).toBe(`${sim.url}/${sim.tenantId}/v2.0`);
    expect(doc.token_endpoint).toBe(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`);
    expect(doc.authorization_endpoint).toBe(`${sim.url}/${sim.tenantId}/oauth2/v2.0/authorize`);
    expect(doc.jwks_uri).toBe(`${sim.url}/${sim.tenantId}/discovery/v2.0/keys`);
    const viaLocalhost = (await (
      await fetch(`https://localhost:${sim.port}/${sim.tenantId}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(viaLocalhost.issuer).toBe(`https://localhost:${sim.port}/${sim.tenantId}/v2.0`);
  });

  it('publishes two RS256 signing keys with kids', async () => {
    const jwks = (await (await fetch(`${sim.url}/${sim.tenantId}/discovery/v2.0/keys`)).json()) as {
      keys: Record<string, string>[];
    };
    expect(jwks.keys).toHaveLength(2);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
      expect(key.kid).toEqual(expect.any(String));
      expect(key.n).toEqual(expect.any(String));
    }
  });

  it('answers an unknown tenant with AADSTS90002', async () => {
    const res = await fetch(
      `${sim.url}/00000000-0000-0000-0000-000000000001/v2.0/.well-known/openid-configuration`,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; error_codes: number[] };
    expect(body.error_codes).toEqual([90002]);
  });
});

describe('client credentials with @azure/msal-node (the backend configuration, unchanged)', () => {
  it('gets an app-only Graph token with a client secret, verifiable against the JWKS, cached on the second call', async () => {
    const msal = backendMsal(sim);
    const scope = `${sim.url}/.default`;
    const first = await msal.acquireTokenByClientCredential({ scopes: [scope] });
    expect(first?.accessToken).toBeTruthy();
    const jwks = createRemoteJWKSet(new URL(`${sim.url}/${sim.tenantId}/discovery/v2.0/keys`));
    const { payload, protectedHeader } = await jwtVerify(first!.accessToken, jwks, {
      issuer: `${sim.url}/${sim.tenantId}/v2.0`,
      audience: sim.url,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload.tid).toBe(sim.tenantId);
    expect(payload.azp).toBe(sim.backendClientId);
    expect(payload.idtyp).toBe('app');
    expect((payload.roles as string[]).sort()).toEqual([
      'Calendars.ReadWrite',
      'MailboxSettings.Read',
      'TeamsActivity.Send',
      'User.Read.All',
    ]);
    expect(payload.exp! - payload.iat!).toBeGreaterThanOrEqual(3000);
    const second = await msal.acquireTokenByClientCredential({ scopes: [scope] });
    expect(second?.fromCache).toBe(true);
  });

  it('accepts https://graph.microsoft.com/.default too, with aud = that resource', async () => {
    const result = await backendMsal(sim).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect(decodeJwt(result!.accessToken).aud).toBe('https://graph.microsoft.com');
  });

  it('gets a token with a certificate assertion (client_assertion signed by the registered certificate)', async () => {
    const msal = backendMsal(sim, {
      clientCertificate: {
        thumbprintSha256: sim.backendCertificate.thumbprintSha256,
        privateKey: sim.backendCertificate.privateKeyPem,
      },
    });
    const result = await msal.acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });
    const claims = decodeJwt(result!.accessToken);
    expect(claims.azpacr).toBe('2');
    expect(claims.roles).toContain('Calendars.ReadWrite');
  });

  it('rejects an assertion signed by an unregistered certificate', async () => {
    const stranger = createClientCertificate('stranger');
    const msal = backendMsal(sim, {
      clientCertificate: { thumbprintSha256: stranger.thumbprintSha256, privateKey: stranger.privateKeyPem },
    });
    await expect(
      msal.acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] }),
    ).rejects.toMatchObject({ errorCode: 'invalid_client' });
  });

  it('reports a wrong secret as AADSTS7000215, parsed by msal', async () => {
    const msal = backendMsal(sim, { clientSecret: 'not-the-secret' });
    await expect(
      msal.acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] }),
    ).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining('AADSTS7000215'),
    });
  });

  it('requires /.default for client credentials (AADSTS1002012) and names unknown resources (AADSTS500011)', async () => {
    const noDefault = await token({
      grant_type: 'client_credentials',
      client_id: sim.backendClientId,
      client_secret: sim.backendClientSecret,
      scope: 'https://graph.microsoft.com/User.Read.All',
    });
    expect(noDefault.status).toBe(400);
    expect(noDefault.body).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    expect(noDefault.body.error_description).toMatch(/^AADSTS1002012: /);
    expect(noDefault.body).toEqual(
      expect.objectContaining({
        timestamp: expect.any(String),
        trace_id: expect.any(String),
        correlation_id: expect.any(String),
      }),
    );
    const unknown = await token({
      grant_type: 'client_credentials',
      client_id: sim.backendClientId,
      client_secret: sim.backendClientSecret,
      scope: 'api://nobody/.default',
    });
    expect(unknown.body).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
  });
});

describe('user sign-in', () => {
  it('ROPC issues an API token with tid, oid, name, preferred_username, scp and the admin role only for the admin', async () => {
    const jwks = createRemoteJWKSet(new URL(`${sim.url}/${sim.tenantId}/discovery/v2.0/keys`));
    const admin = await token({
      grant_type: 'password',
      client_id: sim.apiClientId,
      username: sim.adminUserPrincipalName,
      password: sim.demoPassword,
      scope: `api://contoso.example/${sim.apiClientId}/access_as_user openid profile offline_access`,
    });
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: expect.any(Number),
      refresh_token: expect.any(String),
      id_token: expect.any(String),
    });
    const { payload } = await jwtVerify(admin.body.access_token, jwks, {
      issuer: `${sim.url}/${sim.tenantId}/v2.0`,
      audience: sim.apiClientId,
    });
    const adminUser = sim.users.find((u) => u.userPrincipalName === sim.adminUserPrincipalName)!;
    expect(payload).toMatchObject({
      tid: sim.tenantId,
      oid: adminUser.id,
      name: adminUser.displayName,
      preferred_username: adminUser.userPrincipalName,
      scp: 'access_as_user',
      ver: '2.0',
      roles: ['Pairwise.Admin'],
    });
    const someone = sim.users.find(
      (u) => u.accountEnabled && u.userPrincipalName !== sim.adminUserPrincipalName,
    )!;
    const plain = await token({
      grant_type: 'password',
      client_id: sim.apiClientId,
      username: someone.userPrincipalName,
      password: sim.demoPassword,
      scope: `${sim.apiClientId}/.default`,
    });
    const claims = decodeJwt(plain.body.access_token);
    expect(claims.aud).toBe(sim.apiClientId);
    expect(claims.roles).toBeUndefined();
    expect(claims.scp).toBe('access_as_user');
  });

  it('ROPC refuses a wrong password (AADSTS50126) and an unknown user (AADSTS50034)', async () => {
    const wrong = await token({
      grant_type: 'password',
      client_id: sim.apiClientId,
      username: sim.adminUserPrincipalName,
      password: 'nope',
      scope: `${sim.apiClientId}/.default`,
    });
    expect(wrong.body).toMatchObject({ error: 'invalid_grant', error_codes: [50126] });
    const unknown = await token({
      grant_type: 'password',
      client_id: sim.apiClientId,
      username: 'nobody@contoso.example',
      password: sim.demoPassword,
      scope: `${sim.apiClientId}/.default`,
    });
    expect(unknown.body).toMatchObject({ error: 'invalid_grant', error_codes: [50034] });
  });

  describe('authorization code + PKCE from the sign-in page', () => {
    const redirectUri = 'http://localhost:5173/';
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorizeUrl = (): string =>
      `${sim.url}/${sim.tenantId}/oauth2/v2.0/authorize?${new URLSearchParams({
        client_id: sim.apiClientId,
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: `api://contoso.example/${sim.apiClientId}/access_as_user openid profile offline_access`,
        state: 'st-123',
        nonce: 'n-456',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        response_mode: 'fragment',
      }).toString()}`;

    async function signIn(upn: string): Promise<string> {
      const user = sim.users.find((u) => u.userPrincipalName === upn)!;
      const page = await fetch(authorizeUrl());
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain(user.displayName.replace(/'/g, '&#39;'));
      const fields = Object.fromEntries(new URL(authorizeUrl()).searchParams);
      const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/authorize`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form({ ...fields, user: user.id }),
        redirect: 'manual',
      });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      const params = new URLSearchParams(location.hash.slice(1));
      expect(params.get('state')).toBe('st-123');
      return params.get('code')!;
    }

    it('lists demo people with title and department, and redeems the code with the verifier cross-origin', async () => {
      const code = await signIn(sim.adminUserPrincipalName);
      const res = await token(
        {
          grant_type: 'authorization_code',
          client_id: sim.apiClientId,
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
          client_info: '1',
        },
        { Origin: 'http://localhost:5173' },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
      expect(decodeJwt(res.body.access_token)).toMatchObject({
        aud: sim.apiClientId,
        scp: 'access_as_user',
        roles: ['Pairwise.Admin'],
      });
      expect(decodeJwt(res.body.id_token)).toMatchObject({
        aud: sim.apiClientId,
        nonce: 'n-456',
        tid: sim.tenantId,
      });
      expect(JSON.parse(Buffer.from(res.body.client_info, 'base64url').toString())).toMatchObject({
        utid: sim.tenantId,
      });
      const again = await token(
        {
          grant_type: 'authorization_code',
          client_id: sim.apiClientId,
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        },
        { Origin: 'http://localhost:5173' },
      );
      expect(again.body.error_codes).toEqual([54005]);
      const refreshed = await token(
        {
          grant_type: 'refresh_token',
          client_id: sim.apiClientId,
          refresh_token: res.body.refresh_token,
          scope: `${sim.apiClientId}/access_as_user offline_access`,
        },
        { Origin: 'http://localhost:5173' },
      );
      expect(refreshed.status).toBe(200);
      expect(decodeJwt(refreshed.body.access_token).aud).toBe(sim.apiClientId);
    });

    it('refuses a wrong code_verifier (AADSTS501481) and a non-cross-origin SPA redemption (AADSTS9002327)', async () => {
      const someone = sim.users.find((u) => u.accountEnabled && u.department === 'Engineering')!;
      const code = await signIn(someone.userPrincipalName);
      const bad = await token(
        {
          grant_type: 'authorization_code',
          client_id: sim.apiClientId,
          code,
          redirect_uri: redirectUri,
          code_verifier: 'x'.repeat(43),
        },
        { Origin: 'http://localhost:5173' },
      );
      expect(bad.body.error_codes).toEqual([501481]);
      const code2 = await signIn(someone.userPrincipalName);
      const noOrigin = await token({
        grant_type: 'authorization_code',
        client_id: sim.apiClientId,
        code: code2,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      });
      expect(noOrigin.body.error_codes).toEqual([9002327]);
    });

    it('accepts loopback redirect URIs on any port and refuses unregistered ones', async () => {
      const other = authorizeUrl().replace(
        encodeURIComponent('http://localhost:5173/'),
        encodeURIComponent('http://127.0.0.1:40123/'),
      );
      expect((await fetch(other)).status).toBe(200);
      const evil = authorizeUrl().replace(
        encodeURIComponent('http://localhost:5173/'),
        encodeURIComponent('https://evil.example/'),
      );
      const res = await fetch(evil);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('AADSTS50011');
    });

    it('answers CORS preflight on the token endpoint', async () => {
      const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
    });
  });
});

describe('signing key rotation', () => {
  it('keeps the previous key published after one rotation and drops it after the next', async () => {
    const before = await sim.issueAppToken();
    const kidBefore = decodeProtectedHeader(before).kid;
    await sim.control.rotateSigningKey();
    const jwks = (await (await fetch(`${sim.url}/${sim.tenantId}/discovery/v2.0/keys`)).json()) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys).toHaveLength(2);
    expect(jwks.keys.map((k) => k.kid)).toContain(kidBefore);
    expect((await graph(sim, before, 'GET', '/users?$top=1')).status).toBe(200);
    const after = await sim.issueAppToken();
    expect(decodeProtectedHeader(after).kid).not.toBe(kidBefore);
    await sim.control.rotateSigningKey();
    const stale = await graph(sim, before, 'GET', '/users?$top=1');
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('InvalidAuthenticationToken');
  });
});
