import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { decodeProtectedHeader, type JWTPayload, jwtVerify, SignJWT } from 'jose';

import { type Directory, type DirectoryUser, findUser, tenantDomain } from './directory';
import { type SimRequest, type SimResponse } from './http-types';
import { type ClientCertificate, publicKeyOfCertificate, type SigningKeys } from './keys';
import { stableGuid } from './rng';

/** Microsoft Graph's well-known application id (aud of v1 Graph tokens; accepted as a resource name). */
export const graphAppId = '00000003-0000-0000-c000-000000000000';
export const graphRoles = [
  'Calendars.ReadWrite',
  'User.Read.All',
  'MailboxSettings.Read',
  'TeamsActivity.Send',
] as const;

export interface AppRegistrations {
  /** The Pairwise API + tab app (SPA redirect URIs, exposes access_as_user, defines the Pairwise.Admin app role). */
  api: { clientId: string; appIdUri: string; servicePrincipalId: string; spaRedirectPaths: string[] };
  /** The backend's confidential client (app-only Graph). */
  backend: {
    clientId: string;
    secret: string;
    certificate: ClientCertificate;
    servicePrincipalId: string;
    graphRoles: string[];
  };
}

export function createAppRegistrations(
  seed: string,
  secret: string,
  certificate: ClientCertificate,
): AppRegistrations {
  const apiClientId = stableGuid(`app:api:${seed}`);
  return {
    api: {
      clientId: apiClientId,
      appIdUri: `api://${tenantDomain}/${apiClientId}`,
      servicePrincipalId: stableGuid(`sp:api:${seed}`),
      spaRedirectPaths: ['/', '/auth/redirect'],
    },
    backend: {
      clientId: stableGuid(`app:backend:${seed}`),
      secret,
      certificate,
      servicePrincipalId: stableGuid(`sp:backend:${seed}`),
      graphRoles: [...graphRoles],
    },
  };
}

export interface IdentityState {
  tenantId: string;
  directory: Directory;
  keys: SigningKeys;
  apps: AppRegistrations;
  demoPassword: string;
  /** host:port values this server answers to (127.0.0.1:port and localhost:port). */
  hosts: () => string[];
  accessTokenLifetimeSeconds: number;
  codes: Map<string, AuthCode>;
  refreshTokens: Map<string, RefreshGrant>;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  codeChallenge: string | undefined;
  nonce: string | undefined;
  expiresAt: number;
  redeemed: boolean;
}

interface RefreshGrant {
  clientId: string;
  userId: string;
  scopes: string[];
  spa: boolean;
  expiresAt: number;
}

// ---------------------------------------------------------------------------------------------------------------------
// AAD-shaped errors

export function aadError(
  status: number,
  error: string,
  code: number,
  description: string,
  extraHeaders: Record<string, string> = {},
): SimResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store, no-cache',
      ...corsHeaders,
      ...extraHeaders,
    },
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

/** Entra answers the token and discovery endpoints to any origin (SPAs redeem codes cross-origin). */
export const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Max-Age': '86400',
};

// ---------------------------------------------------------------------------------------------------------------------
// Discovery

export function resolveTenant(state: IdentityState, segment: string): boolean {
  const s = segment.toLowerCase();
  return s === state.tenantId || s === tenantDomain || s === 'organizations' || s === 'common';
}

export function issuerFor(origin: string, tenantId: string): string {
  return `${origin}/${tenantId}/v2.0`;
}

export function openIdConfiguration(state: IdentityState, origin: string): SimResponse {
  const t = state.tenantId;
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...corsHeaders },
    body: {
      token_endpoint: `${origin}/${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${origin}/${t}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: issuerFor(origin, t),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${origin}/oidc/userinfo`,
      authorization_endpoint: `${origin}/${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${origin}/${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${origin}/${t}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${origin}/${t}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: new URL(origin).host,
      rbac_url: 'https://pas.windows.net',
    },
  };
}

export function jwksResponse(state: IdentityState): SimResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...corsHeaders },
    body: state.keys.jwks(),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Scopes → resource

type Resource = { kind: 'graph'; aud: string } | { kind: 'api'; aud: string };

const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

interface ScopeResolution {
  resource: Resource;
  /** Scope names without the resource prefix (e.g. `access_as_user`, `.default`). */
  names: string[];
}

function resolveScopes(state: IdentityState, scopes: string[]): ScopeResolution | SimResponse {
  const resourceScopes = scopes.filter((s) => !oidcScopes.has(s.toLowerCase()));
  const apiId = state.apps.api.clientId;
  const graphOrigins = new Set([
    'https://graph.microsoft.com',
    graphAppId,
    ...state.hosts().map((h) => `https://${h}`),
  ]);
  let resource: Resource | undefined;
  const names: string[] = [];
  for (const scope of resourceScopes) {
    const slash = scope.lastIndexOf('/');
    const prefix = slash > 0 ? scope.slice(0, slash) : '';
    const name = slash > 0 ? scope.slice(slash + 1) : scope;
    let candidate: Resource;
    if (prefix === '' || graphOrigins.has(prefix.toLowerCase())) {
      // A bare scope name means Microsoft Graph, as in Entra.
      candidate = {
        kind: 'graph',
        aud: prefix === '' || prefix === graphAppId ? 'https://graph.microsoft.com' : prefix.toLowerCase(),
      };
      if (prefix !== '' && prefix.toLowerCase() === apiId) candidate = { kind: 'api', aud: apiId };
    } else if (
      prefix === apiId ||
      prefix === `api://${apiId}` ||
      new RegExp(`^api://[^/]+/${apiId}$`, 'i').test(prefix)
    ) {
      candidate = { kind: 'api', aud: apiId };
    } else {
      return aadError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${prefix} was not found in the tenant named ${state.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    if (resource && (resource.kind !== candidate.kind || resource.aud !== candidate.aud)) {
      return aadError(
        400,
        'invalid_scope',
        28000,
        `Provided value for the input parameter scope '${scopes.join(' ')}' is not valid because it contains more than one resource. Scope ${scopes.join(' ')} is not valid.`,
      );
    }
    resource = candidate;
    names.push(name);
  }
  return { resource: resource ?? { kind: 'graph', aud: 'https://graph.microsoft.com' }, names };
}

// ---------------------------------------------------------------------------------------------------------------------
// Token minting

export interface UserTokenOptions {
  clientId?: string;
  /** Defaults to the API (aud = API client id, scp access_as_user). */
  audience?: string;
  scopes?: string[];
  lifetimeSeconds?: number;
  /** Shift iat/nbf/exp (negative = in the past), for expiry tests. */
  issuedAtOffsetSeconds?: number;
  origin?: string;
  nonce?: string;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

async function sign(state: IdentityState, payload: JWTPayload, typ = 'JWT'): Promise<string> {
  const key = state.keys.active;
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ, kid: key.kid }).sign(key.privateKey);
}

/** A v2 user access token as Entra issues it for an API with accessTokenAcceptedVersion 2. */
export async function mintUserAccessToken(
  state: IdentityState,
  user: DirectoryUser,
  origin: string,
  options: UserTokenOptions = {},
): Promise<string> {
  const iat = nowSeconds() + (options.issuedAtOffsetSeconds ?? 0);
  const audience = options.audience ?? state.apps.api.clientId;
  const isApi = audience === state.apps.api.clientId;
  const scp = options.scopes ?? (isApi ? ['access_as_user'] : ['User.Read', 'openid', 'profile', 'email']);
  const clientId = options.clientId ?? state.apps.api.clientId;
  const payload: JWTPayload = {
    aud: audience,
    iss: issuerFor(origin, state.tenantId),
    iat,
    nbf: iat,
    exp: iat + (options.lifetimeSeconds ?? state.accessTokenLifetimeSeconds),
    aio: randomBytes(30).toString('base64url'),
    azp: clientId,
    azpacr: '0',
    name: user.displayName,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    rh: `0.${randomBytes(16).toString('base64url')}.`,
    scp: scp.join(' '),
    sid: stableGuid(`sid:${user.id}`),
    // sub is pairwise per application, as in Entra: stable for (user, app), different across apps.
    sub: createHash('sha256').update(`${user.id}:${clientId}`).digest().subarray(0, 32).toString('base64url'),
    tid: state.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
  };
  if (isApi && user.appRoles.length > 0) payload.roles = [...user.appRoles];
  return sign(state, payload);
}

export async function mintIdToken(
  state: IdentityState,
  user: DirectoryUser,
  origin: string,
  clientId: string,
  nonce: string | undefined,
): Promise<string> {
  const iat = nowSeconds();
  const payload: JWTPayload = {
    aud: clientId,
    iss: issuerFor(origin, state.tenantId),
    iat,
    nbf: iat,
    exp: iat + 3600,
    name: user.displayName,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    email: user.mail,
    rh: `0.${randomBytes(16).toString('base64url')}.`,
    sub: createHash('sha256').update(`${user.id}:${clientId}`).digest().subarray(0, 32).toString('base64url'),
    tid: state.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
  };
  if (nonce) payload.nonce = nonce;
  if (user.appRoles.length > 0 && clientId === state.apps.api.clientId) payload.roles = [...user.appRoles];
  return sign(state, payload);
}

export interface AppTokenOptions {
  audience?: string;
  roles?: string[];
  lifetimeSeconds?: number;
  issuedAtOffsetSeconds?: number;
  tenantId?: string;
  origin?: string;
  /** 1 = secret, 2 = certificate. */
  azpacr?: '1' | '2';
}

/** An app-only access token (client credentials): `roles` carries the granted application permissions. */
export async function mintAppAccessToken(
  state: IdentityState,
  origin: string,
  options: AppTokenOptions = {},
): Promise<string> {
  const iat = nowSeconds() + (options.issuedAtOffsetSeconds ?? 0);
  const tid = options.tenantId ?? state.tenantId;
  const payload: JWTPayload = {
    aud: options.audience ?? origin,
    iss: issuerFor(origin, tid),
    iat,
    nbf: iat,
    exp: iat + (options.lifetimeSeconds ?? state.accessTokenLifetimeSeconds),
    aio: randomBytes(30).toString('base64url'),
    app_displayname: 'Pairwise backend (local)',
    appid: state.apps.backend.clientId,
    appidacr: options.azpacr ?? '1',
    azp: state.apps.backend.clientId,
    azpacr: options.azpacr ?? '1',
    idp: issuerFor(origin, tid),
    idtyp: 'app',
    oid: state.apps.backend.servicePrincipalId,
    rh: `0.${randomBytes(16).toString('base64url')}.`,
    sub: state.apps.backend.servicePrincipalId,
    tid,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
  };
  const roles = options.roles ?? [...state.apps.backend.graphRoles];
  if (roles.length > 0) payload.roles = roles;
  return sign(state, payload);
}

// ---------------------------------------------------------------------------------------------------------------------
// Token endpoint

function formField(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function clientInfo(state: IdentityState, user: DirectoryUser): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: state.tenantId })).toString('base64url');
}

function tokenResponse(body: Record<string, unknown>): SimResponse {
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store, no-cache',
      Pragma: 'no-cache',
      ...corsHeaders,
    },
    body,
  };
}

async function userTokens(
  state: IdentityState,
  req: SimRequest,
  user: DirectoryUser,
  clientId: string,
  scopes: string[],
  options: { nonce?: string; spa: boolean },
): Promise<SimResponse> {
  if (!user.accountEnabled) return aadError(400, 'invalid_grant', 50057, 'The user account is disabled.');
  const resolved = resolveScopes(state, scopes);
  if ('status' in resolved) return resolved;
  let audience: string;
  let scp: string[];
  if (resolved.resource.kind === 'api') {
    const unknown = resolved.names.filter((n) => n !== 'access_as_user' && n !== '.default');
    if (unknown.length > 0) {
      return aadError(
        400,
        'invalid_client',
        65005,
        `The application '${clientId}' asked for scope '${unknown[0]}' that doesn't exist on the resource '${state.apps.api.clientId}'.`,
      );
    }
    audience = state.apps.api.clientId;
    scp = ['access_as_user'];
  } else {
    audience = resolved.resource.aud;
    scp = resolved.names.filter((n) => n !== '.default');
    if (scp.length === 0) scp = ['User.Read'];
  }
  const lower = scopes.map((s) => s.toLowerCase());
  const accessToken = await mintUserAccessToken(state, user, req.origin, { clientId, audience, scopes: scp });
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: [
      ...(resolved.resource.kind === 'api' ? [`${state.apps.api.appIdUri}/access_as_user`] : scp),
      ...lower.filter((s) => oidcScopes.has(s) && s !== 'offline_access'),
    ].join(' '),
    expires_in: state.accessTokenLifetimeSeconds,
    ext_expires_in: state.accessTokenLifetimeSeconds,
    access_token: accessToken,
  };
  if (lower.includes('offline_access')) {
    const refreshToken = `1.${randomBytes(48).toString('base64url')}`;
    // SPA refresh tokens live 24 hours in Entra; others far longer.
    state.refreshTokens.set(refreshToken, {
      clientId,
      userId: user.id,
      scopes,
      spa: options.spa,
      expiresAt: Date.now() + (options.spa ? 24 : 90 * 24) * 3600_000,
    });
    body.refresh_token = refreshToken;
    if (options.spa) body.refresh_token_expires_in = 86399;
  }
  if (lower.includes('openid'))
    body.id_token = await mintIdToken(state, user, req.origin, clientId, options.nonce);
  if (formField(req.body, 'client_info') === '1') body.client_info = clientInfo(state, user);
  return tokenResponse(body);
}

async function verifyClientAssertion(
  state: IdentityState,
  req: SimRequest,
  clientId: string,
  assertion: string,
): Promise<SimResponse | undefined> {
  let header;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return aadError(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
  const cert = state.apps.backend.certificate;
  const x5t =
    typeof header.x5t === 'string'
      ? Buffer.from(header.x5t, 'base64url').toString('hex').toUpperCase()
      : undefined;
  const x5t256 =
    typeof header['x5t#S256'] === 'string'
      ? Buffer.from(header['x5t#S256'], 'base64url').toString('hex').toUpperCase()
      : undefined;
  if (x5t !== cert.thumbprintSha1 && x5t256 !== cert.thumbprintSha256) {
    return aadError(
      401,
      'invalid_client',
      700027,
      `Client assertion failed signature validation. (Reason - The key was not found.) Thumbprint of key used by client: '${x5t ?? x5t256 ?? ''}'.`,
    );
  }
  try {
    await jwtVerify(assertion, publicKeyOfCertificate(cert.certPem), {
      algorithms: ['RS256', 'PS256'],
      issuer: clientId,
      subject: clientId,
      audience: [
        `${req.origin}/${state.tenantId}/oauth2/v2.0/token`,
        `${req.origin}/${state.tenantId}/v2.0`,
        ...state.hosts().map((h) => `https://${h}/${state.tenantId}/oauth2/v2.0/token`),
      ],
      clockTolerance: 300,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED')
      return aadError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
      return aadError(
        401,
        'invalid_client',
        700021,
        "Client assertion application identifier doesn't match 'client_id' parameter, or the audience is not the token endpoint.",
      );
    return aadError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  }
  return undefined;
}

async function clientCredentials(
  state: IdentityState,
  req: SimRequest,
  clientId: string,
): Promise<SimResponse> {
  const backend = state.apps.backend;
  if (clientId !== backend.clientId) {
    return aadError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const secret = formField(req.body, 'client_secret') ?? basicSecret(req, clientId);
  const assertion = formField(req.body, 'client_assertion');
  let azpacr: '1' | '2' = '1';
  if (secret !== undefined) {
    if (secret !== backend.secret) {
      return aadError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
  } else if (assertion !== undefined) {
    if (
      formField(req.body, 'client_assertion_type') !==
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    ) {
      return aadError(
        400,
        'invalid_request',
        90014,
        "The required field 'client_assertion_type' is missing from the credential. Ensure that you have all the necessary parameters for the login request.",
      );
    }
    const failure = await verifyClientAssertion(state, req, clientId, assertion);
    if (failure) return failure;
    azpacr = '2';
  } else {
    return aadError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const scopeParam = formField(req.body, 'scope');
  if (!scopeParam)
    return aadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'scope'.",
    );
  const scopes = scopeParam.split(/\s+/).filter(Boolean);
  if (scopes.length !== 1 || !scopes[0]?.endsWith('/.default')) {
    return aadError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scopeParam} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const resolved = resolveScopes(state, scopes);
  if ('status' in resolved) return resolved;
  const audience = resolved.resource.aud;
  // Application permissions are consented for Graph only; a token for the API carries no roles.
  const roles = resolved.resource.kind === 'graph' ? [...backend.graphRoles] : [];
  const accessToken = await mintAppAccessToken(state, req.origin, { audience, roles, azpacr });
  return tokenResponse({
    token_type: 'Bearer',
    expires_in: state.accessTokenLifetimeSeconds,
    ext_expires_in: state.accessTokenLifetimeSeconds,
    access_token: accessToken,
  });
}

function basicSecret(req: SimRequest, clientId: string): string | undefined {
  const auth = req.headers.authorization;
  if (!auth?.startsWith('Basic ')) return undefined;
  const [id, secret] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
  return id && decodeURIComponent(id) === clientId && secret !== undefined
    ? decodeURIComponent(secret)
    : undefined;
}

export function isRegisteredSpaRedirect(state: IdentityState, redirectUri: string): boolean {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  // Loopback redirect URIs match on any port, as Entra does for http://localhost and http://127.0.0.1.
  return (
    url.protocol === 'http:' &&
    (url.hostname === 'localhost' || url.hostname === '127.0.0.1') &&
    url.search === '' &&
    url.hash === '' &&
    state.apps.api.spaRedirectPaths.includes(url.pathname)
  );
}

export async function tokenEndpoint(state: IdentityState, req: SimRequest): Promise<SimResponse> {
  const grantType = formField(req.body, 'grant_type');
  const clientId = (formField(req.body, 'client_id') ?? '').toLowerCase();
  if (!grantType)
    return aadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  if (!clientId && grantType !== 'client_credentials')
    return aadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  const knownClients = [state.apps.api.clientId, state.apps.backend.clientId];
  if (clientId && !knownClients.includes(clientId)) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${state.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const scopes = (formField(req.body, 'scope') ?? '').split(/\s+/).filter(Boolean);
  switch (grantType) {
    case 'client_credentials':
      return clientCredentials(state, req, clientId);
    case 'password': {
      const username = formField(req.body, 'username') ?? '';
      const password = formField(req.body, 'password') ?? '';
      const user = findUser(state.directory, username);
      if (!user)
        return aadError(
          400,
          'invalid_grant',
          50034,
          `The user account {EUII Hidden} does not exist in the ${state.tenantId} directory. To sign into this application, the account must be added to the directory.`,
        );
      if (password !== state.demoPassword)
        return aadError(
          400,
          'invalid_grant',
          50126,
          'Error validating credentials due to invalid username or password.',
        );
      if (scopes.length === 0)
        return aadError(
          400,
          'invalid_request',
          900144,
          "The request body must contain the following parameter: 'scope'.",
        );
      return userTokens(state, req, user, clientId, scopes, { spa: false });
    }
    case 'authorization_code': {
      const code = formField(req.body, 'code') ?? '';
      const grant = state.codes.get(code);
      if (!grant || grant.expiresAt < Date.now())
        return aadError(
          400,
          'invalid_grant',
          70008,
          'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
        );
      if (grant.redeemed)
        return aadError(
          400,
          'invalid_grant',
          54005,
          'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
        );
      if (grant.clientId !== clientId)
        return aadError(
          400,
          'invalid_grant',
          70000,
          "The provided value for the input parameter 'code' is not valid. The code was issued to a different client.",
        );
      if ((formField(req.body, 'redirect_uri') ?? '') !== grant.redirectUri) {
        return aadError(
          400,
          'invalid_grant',
          50011,
          `The redirect URI '${formField(req.body, 'redirect_uri') ?? ''}' specified in the request does not match the redirect URI used to request the authorization code.`,
        );
      }
      if (grant.codeChallenge !== undefined) {
        const verifier = formField(req.body, 'code_verifier');
        if (!verifier)
          return aadError(
            400,
            'invalid_grant',
            501481,
            'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
          );
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (challenge !== grant.codeChallenge)
          return aadError(
            400,
            'invalid_grant',
            501481,
            'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
          );
      }
      // Codes for SPA redirect URIs may only be redeemed cross-origin (the browser sends Origin), as Entra enforces.
      if (isRegisteredSpaRedirect(state, grant.redirectUri) && !req.headers.origin) {
        return aadError(
          400,
          'invalid_request',
          9002327,
          "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
        );
      }
      grant.redeemed = true;
      const user = state.directory.byId.get(grant.userId);
      if (!user)
        return aadError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.');
      return userTokens(state, req, user, clientId, scopes.length > 0 ? scopes : grant.scopes, {
        nonce: grant.nonce,
        spa: true,
      });
    }
    case 'refresh_token': {
      const token = formField(req.body, 'refresh_token') ?? '';
      const grant = state.refreshTokens.get(token);
      if (!grant || grant.expiresAt < Date.now())
        return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
      if (grant.clientId !== clientId)
        return aadError(400, 'invalid_grant', 70000, 'The refresh token was issued to a different client.');
      const user = state.directory.byId.get(grant.userId);
      if (!user)
        return aadError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.');
      return userTokens(state, req, user, clientId, scopes.length > 0 ? scopes : grant.scopes, {
        spa: grant.spa,
      });
    }
    default:
      return aadError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType}'.`,
      );
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Authorization endpoint (auth code + PKCE) with a local sign-in page

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function htmlPage(status: number, title: string, body: string): SimResponse {
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action http://localhost:* http://127.0.0.1:* 'self'; frame-ancestors 'none'",
    },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>
body{font-family:"Segoe UI",system-ui,sans-serif;margin:0;background:#f5f5f5;color:#242424}main{max-width:44rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{font-size:1.4rem}ul{list-style:none;padding:0}li{margin:.25rem 0}button.user{width:100%;text-align:left;padding:.6rem .8rem;border:1px solid #d1d1d1;border-radius:4px;background:#fff;font:inherit;cursor:pointer}
button.user:hover,button.user:focus{border-color:#5b5fc7;outline:2px solid #5b5fc7}.meta{color:#616161;font-size:.9rem;display:block}.note{background:#fff4ce;padding:.5rem .75rem;border-radius:4px}label{display:block;margin:.5rem 0 .25rem}
</style></head><body><main>${body}</main></body></html>`,
  };
}

function redirectWith(
  redirectUri: string,
  responseMode: string,
  params: Record<string, string>,
): SimResponse {
  const encoded = new URLSearchParams(params).toString();
  if (responseMode === 'form_post') {
    const inputs = Object.entries(params)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
    return {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
      body: `<!doctype html><html lang="en"><head><title>Working...</title></head><body onload="document.forms[0].submit()"><form method="POST" action="${escapeHtml(redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form></body></html>`,
    };
  }
  const location =
    responseMode === 'query'
      ? `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${encoded}`
      : `${redirectUri}#${encoded}`;
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' } };
}

/** GET shows the sign-in page; POST (a click on a demo user) issues the code and redirects back. */
export function authorizeEndpoint(state: IdentityState, req: SimRequest): SimResponse {
  const params = new URLSearchParams(req.query);
  if (req.method === 'POST' && req.body && typeof req.body === 'object') {
    for (const [k, v] of Object.entries(req.body as Record<string, unknown>))
      if (typeof v === 'string') params.set(k, v);
  }
  const clientId = (params.get('client_id') ?? '').toLowerCase();
  const redirectUri = params.get('redirect_uri') ?? '';
  if (clientId !== state.apps.api.clientId) {
    return htmlPage(
      400,
      'Sign in',
      `<h1>Sign in</h1><p role="alert">AADSTS700016: Application with identifier '${escapeHtml(clientId)}' was not found in the directory '${escapeHtml(state.tenantId)}'.</p>`,
    );
  }
  if (!isRegisteredSpaRedirect(state, redirectUri)) {
    return htmlPage(
      400,
      'Sign in',
      `<h1>Sign in</h1><p role="alert">AADSTS50011: The redirect URI '${escapeHtml(redirectUri)}' specified in the request does not match the redirect URIs configured for the application '${escapeHtml(clientId)}'.</p>`,
    );
  }
  const responseMode = params.get('response_mode') ?? 'query';
  const state_ = params.get('state') ?? '';
  const fail = (error: string, code: number, description: string): SimResponse =>
    redirectWith(redirectUri, responseMode, {
      error,
      error_description: `AADSTS${code}: ${description}`,
      error_codes: `[${code}]`,
      ...(state_ ? { state: state_ } : {}),
    });
  if (params.get('response_type') !== 'code')
    return fail(
      'unsupported_response_type',
      700054,
      "response_type 'code' is required by this local authority.",
    );
  const challenge = params.get('code_challenge') ?? undefined;
  const method = params.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
  // SPA redirect URIs require PKCE; only S256 is accepted here.
  if (!challenge)
    return fail(
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
    );
  if (method !== 'S256')
    return fail('invalid_request', 50148, 'The code_challenge_method must be S256 for this local authority.');
  const scopes = (params.get('scope') ?? '').split(/\s+/).filter(Boolean);

  const issueCode = (user: DirectoryUser): SimResponse => {
    const code = `1.${randomBytes(64).toString('base64url')}`;
    state.codes.set(code, {
      clientId,
      redirectUri,
      userId: user.id,
      scopes,
      codeChallenge: challenge,
      nonce: params.get('nonce') ?? undefined,
      expiresAt: Date.now() + 10 * 60_000,
      redeemed: false,
    });
    return redirectWith(redirectUri, responseMode, {
      code,
      client_info: clientInfo(state, user),
      ...(state_ ? { state: state_ } : {}),
      session_state: stableGuid(`session:${user.id}`),
    });
  };

  const hint = params.get('login_hint');
  const hinted = hint ? findUser(state.directory, hint) : undefined;
  if (req.method === 'POST') {
    const chosen = findUser(state.directory, params.get('user') ?? '');
    if (!chosen || !chosen.accountEnabled)
      return htmlPage(400, 'Sign in', '<h1>Sign in</h1><p role="alert">That account cannot sign in.</p>');
    return issueCode(chosen);
  }
  if (params.get('prompt') === 'none') {
    if (hinted?.accountEnabled) return issueCode(hinted);
    return fail('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.');
  }

  const q = (params.get('q') ?? '').trim().toLowerCase();
  const enabled = state.directory.users.filter((u) => u.accountEnabled);
  const matches = q
    ? enabled.filter((u) =>
        `${u.displayName} ${u.jobTitle} ${u.department} ${u.userPrincipalName}`.toLowerCase().includes(q),
      )
    : enabled;
  const admin = state.directory.admin;
  const ordered = [
    ...(hinted ? [hinted] : []),
    ...(q ? [] : [admin]),
    ...matches.filter((u) => u !== hinted && (q || u !== admin)),
  ].slice(0, 60);
  const hidden = [...params.entries()]
    .filter(([k]) => k !== 'user' && k !== 'q')
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const action = `${req.path}`;
  const items = ordered
    .map(
      (u) =>
        `<li><button class="user" type="submit" name="user" value="${escapeHtml(u.id)}"><strong>${escapeHtml(u.displayName)}</strong>${u.appRoles.includes('Pairwise.Admin') ? ' (Pairwise admin)' : ''}<span class="meta">${escapeHtml(u.jobTitle)} · ${escapeHtml(u.department)} · ${escapeHtml(u.officeLocation)} · ${escapeHtml(u.userPrincipalName)}</span></button></li>`,
    )
    .join('');
  return htmlPage(
    200,
    'Sign in to Contoso (local simulator)',
    `<h1>Sign in to Contoso</h1><p class="note">Local tenant simulator: pick a demo person. No password is needed here; this page does not exist in production.</p>
<form method="GET" action="${escapeHtml(action)}" role="search">${hidden}<label for="q">Find a person (name, title, department)</label><input id="q" name="q" type="search" value="${escapeHtml(q)}"> <button type="submit">Search</button></form>
<form method="POST" action="${escapeHtml(action)}">${hidden}<h2 id="people">People${q ? ` matching “${escapeHtml(q)}”` : ''} (${matches.length})</h2><ul aria-labelledby="people">${items}</ul></form>`,
  );
}

export function logoutEndpoint(req: SimRequest): SimResponse {
  const target = req.query.get('post_logout_redirect_uri');
  if (target) {
    try {
      const url = new URL(target);
      if (url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1'))
        return { status: 302, headers: { Location: target } };
    } catch {
      // fall through to the page
    }
  }
  return htmlPage(
    200,
    'Signed out',
    '<h1>You signed out of your account</h1><p>It is a good idea to close all browser windows.</p>',
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Verifying tokens presented to Graph

export type TokenCheck =
  | {
      ok: true;
      claims: JWTPayload & { roles?: string[]; scp?: string; appid?: string; azp?: string; tid?: string };
    }
  | { ok: false; message: string };

export async function verifyGraphToken(
  state: IdentityState,
  authorization: string | undefined,
): Promise<TokenCheck> {
  if (!authorization || !/^Bearer\s+/i.test(authorization))
    return { ok: false, message: 'Access token is empty.' };
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  if (token.split('.').length !== 3)
    return { ok: false, message: 'IDX14100: JWT is not well formed, there are no dots (.).' };
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return { ok: false, message: 'Access token validation failure.' };
  }
  const key = state.keys.find(kid);
  if (!key) return { ok: false, message: 'Access token validation failure. Invalid signing key.' };
  const hosts = state.hosts();
  try {
    const { payload } = await jwtVerify(token, key.publicKey, { algorithms: ['RS256'], clockTolerance: 300 });
    const tid = typeof payload.tid === 'string' ? payload.tid : '';
    const issuers = hosts.map((h) => issuerFor(`https://${h}`, state.tenantId));
    if (tid !== state.tenantId || typeof payload.iss !== 'string' || !issuers.includes(payload.iss)) {
      return { ok: false, message: 'Access token validation failure. Invalid issuer.' };
    }
    const audiences = new Set([
      'https://graph.microsoft.com',
      'https://graph.microsoft.com/',
      graphAppId,
      ...hosts.flatMap((h) => [`https://${h}`, `https://${h}/`]),
    ]);
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!aud.some((a) => typeof a === 'string' && audiences.has(a)))
      return { ok: false, message: 'Access token validation failure. Invalid audience.' };
    return { ok: true, claims: payload };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED')
      return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
      return { ok: false, message: 'Lifetime validation failed, the token is not yet valid.' };
    return { ok: false, message: 'Access token validation failure.' };
  }
}
