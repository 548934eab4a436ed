import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { createControl, type TenantControl } from './control';
import { type DirectoryUser, findUser, type ScopeGroup, seedDirectory, tenantDomain } from './directory';
import { generateBackgroundCalendar } from './graph/background';
import { CalendarStore } from './graph/calendar';
import { PhotoStore } from './graph/photos';
import { type GraphState } from './graph/router';
import {
  type AppTokenOptions,
  createAppRegistrations,
  type IdentityState,
  mintAppAccessToken,
  mintUserAccessToken,
  type UserTokenOptions,
} from './identity';
import { type ClientCertificate, createClientCertificate, SigningKeys } from './keys';
import { Counters, Faults, Throttle } from './limits';
import { type RealismOptions, resolveRealism, switchesOf } from './realism';
import { stableGuid, stableToken } from './rng';
import { createTenantServer } from './server';

export type { SwitchableQuirks, TenantControl } from './control';
export type { DirectoryUser, ScopeGroup } from './directory';
export type { FaultRule, Limits } from './limits';
export type { PersonQuirks, RealismOptions, RealismSwitches } from './realism';
export { demoRealism, idealRealism } from './realism';

export interface TenantSimulatorOptions {
  /** 0 picks a free port. Default 7443. */
  port?: number;
  host?: '127.0.0.1';
  /** Same seed + size → same tenant id, app ids, people, calendars and fault sequence. Default 'pairwise'. */
  seed?: string;
  /** Head count of the demo company. Default 300; up to 10,000 for benchmarks. */
  size?: number;
  tls: { cert: string; key: string };
  /** Where the backend's local-only client secret and certificate are kept (created on first start). */
  stateDir?: string;
  /** The simulator's "today" (new joiners and generated calendars are relative to it). Default: now. */
  today?: Date;
  /**
   * How harsh the tenant is (realism.ts, docs/tenant-simulator.md "Real-tenant behaviours"). Default: the demo
   * company, every behaviour on. `'ideal'` turns them all off (UPN = mail, everyone with a mailbox in the scope and
   * the Teams app, per-mailbox concurrency, lenient transactionId, zone names, instant delivery); an object overrides
   * single settings of the demo company.
   */
  realism?: Partial<RealismOptions> | 'ideal' | 'demo';
}

export interface TenantSimulator {
  /** https origin, e.g. https://127.0.0.1:7443 (also the Graph base URL: Graph lives under /v1.0). */
  url: string;
  port: number;
  tenantId: string;
  domain: string;
  /** `${url}/${tenantId}`: the MSAL authority. */
  authority: string;
  /** The Pairwise API + tab app: user tokens carry aud = this id and scp access_as_user. */
  apiClientId: string;
  /** `api://contoso.example/<apiClientId>`: the API's application ID URI. */
  apiAppIdUri: string;
  backendClientId: string;
  backendClientSecret: string;
  /** File holding the backend secret (only when stateDir is given). */
  backendClientSecretPath: string | undefined;
  /** The certificate registered on the backend app (for client_assertion). */
  backendCertificate: ClientCertificate;
  /** The seeded directory. Each person says which quirks they have: `upnDiffersFromMail`, `hasMailbox`, `inAppScope`,
   * `appInstalled`, `hasCustomTimeZone` (live: the control API's switches change them). */
  users: readonly DirectoryUser[];
  /** The mail-enabled security group of the application access scope (its members: `users` with `inAppScope`). */
  appScopeGroup: ScopeGroup;
  /** The realism the simulator started with (the live switches: `control.realism()`). */
  realism: Readonly<RealismOptions>;
  adminUserPrincipalName: string;
  /** Local-only password shared by every demo user (ROPC). Derived from the seed; never a real secret. */
  demoPassword: string;
  control: TenantControl;
  /** A user access token for the API (or another audience) without going through HTTP. */
  issueUserToken(userPrincipalName: string, options?: UserTokenOptions): Promise<string>;
  /** An app-only Graph token for the backend without HTTP (tests; roles/aud/tenant/lifetime can be varied). */
  issueAppToken(options?: AppTokenOptions): Promise<string>;
  stop(): Promise<void>;
}

function loadOrCreateSecret(stateDir: string | undefined): {
  secret: string;
  path: string | undefined;
  certificate: ClientCertificate;
} {
  if (!stateDir)
    return {
      secret: randomBytes(30).toString('base64url'),
      path: undefined,
      certificate: createClientCertificate('Pairwise backend (local)'),
    };
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, 'backend-client-secret.txt');
  let secret: string;
  if (existsSync(path)) secret = readFileSync(path, 'utf8').trim();
  else {
    secret = `local~${randomBytes(30).toString('base64url')}`;
    writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  }
  const certPath = join(stateDir, 'backend-cert.pem');
  const keyPath = join(stateDir, 'backend-key.pem');
  let certificate: ClientCertificate;
  if (existsSync(certPath) && existsSync(keyPath)) {
    certificate = createClientCertificate('Pairwise backend (local)', {
      certPem: readFileSync(certPath, 'utf8'),
      privateKeyPem: readFileSync(keyPath, 'utf8'),
    });
  } else {
    certificate = createClientCertificate('Pairwise backend (local)');
    writeFileSync(keyPath, certificate.privateKeyPem, { mode: 0o600 });
    writeFileSync(certPath, certificate.certPem);
  }
  return { secret, path, certificate };
}

export async function startTenantSimulator(options: TenantSimulatorOptions): Promise<TenantSimulator> {
  const seed = options.seed ?? 'pairwise';
  const size = options.size ?? 300;
  const host = options.host ?? '127.0.0.1';
  const today = DateTime.fromJSDate(options.today ?? new Date(), { zone: 'UTC' });
  const realismOptions = resolveRealism(options.realism);
  const directory = seedDirectory({ seed, size, today, realism: realismOptions });
  const realism = switchesOf(realismOptions);
  const tenantId = stableGuid(`tenant:${seed}`);
  const { secret, path: secretPath, certificate } = loadOrCreateSecret(options.stateDir);
  const apps = createAppRegistrations(seed, secret, certificate);
  const keys = await SigningKeys.create();
  let port = options.port ?? 7443;

  const identity: IdentityState = {
    tenantId,
    directory,
    keys,
    apps,
    demoPassword: `Demo-${stableToken(`password:${seed}`, 9)}!`,
    hosts: () => [`127.0.0.1:${port}`, `localhost:${port}`],
    accessTokenLifetimeSeconds: 3599,
    codes: new Map(),
    refreshTokens: new Map(),
  };
  // Generated calendars start on the Monday two weeks before "today", so the recent past and the next weeks are busy.
  const anchor = today.startOf('week').minus({ weeks: 2 }).toISODate() ?? '';
  const calendar = new CalendarStore({
    seed,
    tenantId,
    directory,
    generate: (user, store) => generateBackgroundCalendar({ seed, directory, anchor }, user, store),
    realism,
  });
  const graph: GraphState = {
    identity,
    directory,
    calendar,
    throttle: new Throttle(),
    faults: new Faults(seed),
    counters: new Counters(),
    activity: [],
    undelivered: [],
    photos: new PhotoStore(seed),
    realism,
  };
  const control = createControl(graph, () => keys.rotate(), switchesOf(realismOptions));
  const summary = (): Record<string, unknown> => ({
    tenantId,
    domain: tenantDomain,
    seed,
    size: directory.users.length,
    apiClientId: apps.api.clientId,
    backendClientId: apps.backend.clientId,
    adminUserPrincipalName: directory.admin.userPrincipalName,
    limits: graph.throttle.limits,
    faults: graph.faults.list(),
    ...calendar.stats(),
    activityNotifications: graph.activity.length,
    undeliveredActivityNotifications: graph.undelivered.length,
    realism: { ...graph.realism },
    appScopeGroup: directory.appScopeGroup,
    people: {
      upnDiffersFromMail: directory.users.filter((u) => u.upnDiffersFromMail).length,
      withoutMailbox: directory.users.filter((u) => !u.hasMailbox).length,
      outsideAppScope: directory.users.filter((u) => !u.inAppScope).length,
      withoutTeamsApp: directory.users.filter((u) => !u.appInstalled).length,
      customTimeZone: directory.users.filter((u) => u.hasCustomTimeZone).length,
    },
  });
  const server = createTenantServer({ identity, graph, control, summary }, options.tls);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `https://${host}:${port}`;

  return {
    url,
    port,
    tenantId,
    domain: tenantDomain,
    authority: `${url}/${tenantId}`,
    apiClientId: apps.api.clientId,
    apiAppIdUri: apps.api.appIdUri,
    backendClientId: apps.backend.clientId,
    backendClientSecret: secret,
    backendClientSecretPath: secretPath,
    backendCertificate: certificate,
    users: directory.users,
    appScopeGroup: directory.appScopeGroup,
    realism: Object.freeze({ ...realismOptions }),
    adminUserPrincipalName: directory.admin.userPrincipalName,
    demoPassword: identity.demoPassword,
    control,
    issueUserToken: async (upn, tokenOptions) => {
      const user = findUser(directory, upn);
      if (!user) throw new Error(`No demo user '${upn}'`);
      return mintUserAccessToken(identity, user, tokenOptions?.origin ?? url, tokenOptions);
    },
    issueAppToken: (tokenOptions) =>
      mintAppAccessToken(identity, tokenOptions?.origin ?? url, { audience: url, ...tokenOptions }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
