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
        throw new AppError('unavailable', 'The identity provider could not be reached; try again shortly.', {
          code: 'identity_unavailable',
          retryAfterSeconds: 5,
          cause: e,
        });
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
        if (e instanceof joseErrors.JWKSTimeout) {
          throw new AppError(
            'unavailable',
            'The identity provider could not be reached; try again shortly.',
            {
              code: 'identity_unavailable',
              retryAfterSeconds: 5,
            },
          );
        }
        if (e instanceof joseErrors.JWTExpired) throw unauthorized('The token has expired.');
        if (e instanceof joseErrors.JOSEError) throw unauthorized('The token is not valid.');
        throw unauthorized('The token is not valid.');
      }

      if (typeof payload.tid !== 'string' || payload.tid.toLowerCase() !== tenantId)
        throw unauthorized('The token is not valid.');
      if (typeof payload.oid !== 'string' || !guid.test(payload.oid))
        throw unauthorized('The token does not name a user.');
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
