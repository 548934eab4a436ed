// Contract tests read Graph/Entra JSON loosely on purpose: the assertions, not the types, check the shapes.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFileSync } from 'node:fs';

import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';

import {
  type DirectoryUser,
  startTenantSimulator,
  type TenantSimulator,
  type TenantSimulatorOptions,
} from '../../../dev/tenant';
import { ensureLocalCa, localStateDir } from '../../../dev/tls/local-ca';

/**
 * Every contract test talks to a real simulator over real TLS. Node trusts the local CA only through
 * NODE_EXTRA_CA_CERTS read at process start (npm test sets it); without it these tests cannot run, so fail loudly.
 */
export function localCa(): ReturnType<typeof ensureLocalCa> {
  const ca = ensureLocalCa(localStateDir('tls'));
  const trusted = process.env.NODE_EXTRA_CA_CERTS;
  if (!trusted || readFileSync(trusted, 'utf8').trim() !== ca.caCertPem.trim()) {
    throw new Error(
      `Run with NODE_EXTRA_CA_CERTS=${ca.caCertPath} (npm test sets it), e.g. NODE_EXTRA_CA_CERTS=${ca.caCertPath} npx jest tests/integration/tenant`,
    );
  }
  return ca;
}

export async function startSimulator(
  options: Partial<TenantSimulatorOptions> = {},
): Promise<TenantSimulator> {
  const ca = localCa();
  return startTenantSimulator({ port: 0, seed: 'contract-tests', size: 120, tls: ca.serverCert, ...options });
}

/**
 * Someone the app can book: enabled, with an Exchange Online mailbox inside the application access scope (the demo
 * company also has people without one, and outside it — see realism.test.ts).
 */
export function reachable(user: DirectoryUser): boolean {
  return user.accountEnabled && user.hasMailbox && user.inAppScope;
}

/** The backend's configuration, exactly as functions/src/adapters/graph/graph-client.ts builds it. */
export function backendMsal(
  sim: TenantSimulator,
  credentials: {
    clientSecret?: string;
    clientCertificate?: { thumbprintSha256: string; privateKey: string };
  } = {},
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: sim.backendClientId,
      authority: sim.authority,
      knownAuthorities: [new URL(sim.url).host],
      ...(credentials.clientCertificate
        ? { clientCertificate: credentials.clientCertificate }
        : { clientSecret: credentials.clientSecret ?? sim.backendClientSecret }),
    },
  });
}

export function graphClient(sim: TenantSimulator, getAccessToken?: () => Promise<string>): Client {
  const msal = backendMsal(sim);
  const scope = `${new URL(sim.url).origin}/.default`;
  return Client.initWithMiddleware({
    baseUrl: `${sim.url}/`,
    customHosts: new Set([new URL(sim.url).hostname]),
    authProvider: {
      getAccessToken:
        getAccessToken ??
        (async () => {
          const result = await msal.acquireTokenByClientCredential({ scopes: [scope] });
          if (!result?.accessToken) throw new Error('no token');
          return result.accessToken;
        }),
    },
  });
}

export async function appToken(sim: TenantSimulator): Promise<string> {
  const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sim.backendClientId,
      client_secret: sim.backendClientSecret,
      scope: `${sim.url}/.default`,
    }),
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

/** A raw Graph call with a bearer token (for status codes and headers the SDK would hide or retry). */
export async function graph(
  sim: TenantSimulator,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${sim.url}/v1.0${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // plain text bodies ($count) stay strings
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
