import type { HttpRequest } from '@azure/functions';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';

import { fetchOpenIdConfiguration } from '../adapters/identity/openid-metadata';
import { type Config } from '../config';
import { AppError, forbidden, unauthorized } from '../errors';

/** Who is calling: taken from the validated token's `tid` and `oid`, never from a query or another header. */
export interface Principal {
  tenantId: string;
  userId: string;
  isAdmin: boolean;
}

export const adminRole = 'Pairwise.Admin';
export const requiredScope = 'access_as_user';
/** Clock skew tolerated on `exp`/`nbf`. */
export const clockToleranceSeconds = 300;

/**
 * Microsoft's own clients pre-authorised on `access_as_user` (infra/entra/app-registration.json; a test keeps the
 * two lists equal): Teams desktop/mobile and web, the Microsoft 365 app on web, desktop and mobile, Outlook on the web
 * and mobile, and the Office Add-in SSO clients (the Office umbrella id and Office on the web) that
 * `Office.auth.getAccessToken` in the Outlook pane may put in `azp` (docs/decisions/0018). With the API's own client id (the tab's sign-in outside Teams) they are the only callers accepted: the
 * scope is user-consentable, so without this pin any app a user consented to could call `DELETE /api/me` as them.
 */
export const PRE_AUTHORIZED_CLIENT_IDS: readonly string[] = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
  '4765445b-32c6-49b0-83e6-1d93765276ca',
  '0ec893e0-5785-4de6-99da-4ed124e5296c',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
  '27922004-5251-4030-b22d-91ecd9a37ea4',
  'ea5a67f6-b6f3-4338-b240-c655ddc3cc8e',
  '93d53678-613d-4013-afc1-62e9e444a0a5',
];

export type AuthSettings = Pick<
  Config,
  'AUTHORITY_HOST' | 'API_CLIENT_ID' | 'API_APP_ID_URI' | 'ALLOWED_TENANT_IDS'
>;

/** The signing keys of one tenant (a jose key resolver). */
export type SigningKeySource = (tenantId: string) => Promise<JWTVerifyGetKey>;

export interface Authenticator {
  /** Validates the bearer token; throws AppError 'unauthorized' (401) or 'unavailable' (503). */
  authenticate(request: Pick<HttpRequest, 'headers'>): Promise<Principal>;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Production key source: the tenant's OpenID configuration names `jwks_uri`; jose caches the key set and, when a
 * token carries a `kid` it does not know (a rotation), refetches once (at most every 30 s) before failing.
 * A failed metadata fetch is not cached, so the next request tries again.
 */
export function remoteSigningKeys(
  authorityHost: string,
  options: { cooldownMs?: number; cacheMaxAgeMs?: number } = {},
): SigningKeySource {
  const byTenant = new Map<string, Promise<JWTVerifyGetKey>>();
  return (tenantId) => {
    let keys = byTenant.get(tenantId);
    if (!keys) {
      keys = fetchOpenIdConfiguration(authorityHost, tenantId).then((metadata) =>
        createRemoteJWKSet(new URL(metadata.jwks_uri), {
          timeoutDuration: 5000,
          ...(options.cooldownMs === undefined ? {} : { cooldownDuration: options.cooldownMs }),
          ...(options.cacheMaxAgeMs === undefined ? {} : { cacheMaxAge: options.cacheMaxAgeMs }),
        }),
      );
      keys.catch(() => byTenant.delete(tenantId));
      byTenant.set(tenantId, keys);
    }
    return keys;
  };
}

/**
 * jose's remote key set (Node runtime) throws JWKSTimeout on no answer, a JOSEError "Expected 200 OK" on another
 * status or "Failed to parse" on a body that is not JSON, JWKSInvalid on JSON that is not a key set, and lets the
 * socket's own error (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`…) through. A token problem (bad signature, unknown
 * kid after the refetch, claims) is another JOSEError and stays a 401.
 */
function isKeySetUnavailable(e: unknown): boolean {
  if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) return true;
  if (e instanceof joseErrors.JOSEError)
    return /^(Expected 200 OK|Failed to parse) .*JSON Web Key Set/.test(e.message);
  // Duck-typed: errors from Node's own modules may come from another realm (instanceof Error fails there).
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return name === 'TypeError' || (typeof code === 'string' && /^E[A-Z_]+$/.test(code));
}

function bearerToken(request: Pick<HttpRequest, 'headers'>): string {
  const header = request.headers.get('authorization');
  if (!header) throw unauthorized('A bearer token is required.');
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(header.trim());
  if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>".');
  return match[1];
}

/** Checks signature (RS256 only), exp/nbf, audience, issuer of an allowed tenant, scope; returns the caller. */
export function createAuthenticator(settings: AuthSettings, keys: SigningKeySource): Authenticator {
  const authorityOrigin = new URL(settings.AUTHORITY_HOST).origin;
  const audiences = [settings.API_CLIENT_ID, ...(settings.API_APP_ID_URI ? [settings.API_APP_ID_URI] : [])];
  const allowedTenants = new Set(settings.ALLOWED_TENANT_IDS.map((t) => t.toLowerCase()));
  const allowedClients = new Set(
    [settings.API_CLIENT_ID, ...PRE_AUTHORIZED_CLIENT_IDS].map((c) => c.toLowerCase()),
  );
  const identityUnavailable = (cause?: unknown) =>
    new AppError('unavailable', 'The identity provider could not be reached; try again shortly.', {
      code: 'identity_unavailable',
      retryAfterSeconds: 5,
      ...(cause === undefined ? {} : { cause }),
    });

  return {
    async authenticate(request) {
      const token = bearerToken(request);
      let tenantId: string;
      try {
        // Read (unverified) only what is needed to pick the tenant's keys; everything is verified below.
        const header = decodeProtectedHeader(token);
        if (header.alg !== 'RS256') throw unauthorized('The token must be signed with RS256.');
        const claims = decodeJwt(token);
        if (typeof claims.tid !== 'string' || !guid.test(claims.tid))
          throw unauthorized('The token has no tenant.');
        tenantId = claims.tid.toLowerCase();
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw unauthorized('The token is malformed.');
      }
      // Checked before any network call, so a token naming a foreign tenant never makes us fetch its metadata.
      if (!allowedTenants.has(tenantId))
        throw unauthorized('The token was issued for a tenant this app does not serve.');

      let getKey: JWTVerifyGetKey;
      try {
        getKey = await keys(tenantId);
      } catch (e) {
        throw identityUnavailable(e);
      }

      let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          algorithms: ['RS256'],
          issuer: `${authorityOrigin}/${tenantId}/v2.0`,
          audience: audiences,
          clockTolerance: clockToleranceSeconds,
          requiredClaims: ['exp', 'iat'],
        }));
      } catch (e) {
        // Fetching the key set failed (no answer, a network error, a 5xx, a body that is not a key set): our
        // outage, not a bad token — 503, so the tab retries instead of signing the user out.
        if (isKeySetUnavailable(e)) throw identityUnavailable(e);
        if (e instanceof joseErrors.JWTExpired) throw unauthorized('The token has expired.');
        throw unauthorized('The token is not valid.');
      }

      if (typeof payload.tid !== 'string' || payload.tid.toLowerCase() !== tenantId)
        throw unauthorized('The token is not valid.');
      if (typeof payload.oid !== 'string' || !guid.test(payload.oid))
        throw unauthorized('The token does not name a user.');
      // v2 tokens name the calling client in `azp`, v1 tokens in `appid`.
      const client = typeof payload.azp === 'string' ? payload.azp : payload.appid;
      if (typeof client !== 'string' || !allowedClients.has(client.toLowerCase()))
        throw unauthorized('The token was issued to a client this API does not accept.');
      const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
      if (!scopes.includes(requiredScope)) throw unauthorized(`The token lacks the ${requiredScope} scope.`);
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is string => typeof r === 'string')
        : [];
      return { tenantId, userId: payload.oid.toLowerCase(), isAdmin: roles.includes(adminRole) };
    },
  };
}

/** Admin routes: a valid token without the app role is a 403, not a 401. */
export function requireAdmin(principal: Principal): Principal {
  if (!principal.isAdmin) throw forbidden(`This action needs the ${adminRole} role.`);
  return principal;
}
