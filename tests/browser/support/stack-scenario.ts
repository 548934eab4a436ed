import { createHash, X509Certificate } from 'node:crypto';

import { type Page } from 'playwright-core';

import { type LocalStack, startLocalStack } from '../../../dev/stack';
import { ensureLocalCa, localStateDir } from '../../../dev/tls/local-ca';
import { type PairingsResponse, type Program, type ProgramInputBody } from '../../../functions/src/contracts';

type DirectoryUser = NonNullable<LocalStack['tenant']>['users'][number];

/** The whole product on loopback (tab at `/`, API at `/api`, tenant simulator), timers fired by hand. */
export async function startStack(): Promise<LocalStack & { tenant: NonNullable<LocalStack['tenant']> }> {
  const stack = await startLocalStack({
    port: 0,
    scheduleTimers: false,
    tenantSize: 120,
    tenantSeed: 'tab-e2e',
  });
  if (!stack.tenant) {
    await stack.stop();
    throw new Error(
      'the browser tests need the embedded tenant simulator (unset GRAPH_BASE_URL and AUTHORITY_HOST)',
    );
  }
  return stack as LocalStack & { tenant: NonNullable<LocalStack['tenant']> };
}

/**
 * Chromium does not read NODE_EXTRA_CA_CERTS. Instead of turning certificate checks off, it is told to accept
 * exactly one public key: the local server certificate's (the tenant simulator's https endpoint).
 */
export function localServerSpki(): string {
  const ca = ensureLocalCa(localStateDir('tls'));
  const der = new X509Certificate(ca.serverCert.cert).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

export async function callApi<T>(
  stack: LocalStack,
  upn: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const token = await stack.tenant!.issueUserToken(upn);
  const response = await fetch(`${stack.baseUrl}/api/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const program: ProgramInputBody = {
  name: 'Cross-team peers',
  kind: 'collaborative-learning',
  description: 'Learn with a colleague from another department.',
  roundLengthWeeks: 4,
  defaultCadence: 'biweekly',
  sessionMinutes: 30,
  schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
  rules: { levelBand: 3, cooldownRounds: 4, minOverlapHours: 1, oddPolicy: 'triad' },
  status: 'active',
};

export interface Scenario {
  programId: string;
  programName: string;
  admin: DirectoryUser;
  employee: DirectoryUser;
  peers: DirectoryUser[];
}

/**
 * An admin creates an active program and a handful of colleagues in the employee's time zone join it through
 * the API, so the employee (who joins through the tab) has eligible peers.
 */
export async function seedProgram(stack: LocalStack): Promise<Scenario> {
  const users = stack.tenant!.users.filter((u) => u.accountEnabled);
  const admin = users.find((u) => u.userPrincipalName === stack.tenant!.adminUserPrincipalName)!;
  const others = users.filter((u) => u !== admin && !u.appRoles.includes('Pairwise.Admin'));
  // The employee: someone with many eligible colleagues (same time zone for shared hours, another department
  // so no management chain between them).
  const eligible = (e: DirectoryUser) =>
    others.filter(
      (u) =>
        u !== e &&
        u.timeZone === e.timeZone &&
        u.department !== e.department &&
        u.managerId !== e.id &&
        e.managerId !== u.id,
    );
  const employee = [...others].sort((a, b) => eligible(b).length - eligible(a).length)[0]!;
  const peers = eligible(employee).slice(0, 7);
  const created = await callApi<Program>(stack, admin.userPrincipalName, 'POST', 'admin/programs', program);
  for (const peer of peers) {
    await callApi(stack, peer.userPrincipalName, 'PUT', `programs/${created.id}/enrollment`, {
      goals: ['collaborative-learning'],
      topicsToLearn: ['Negotiation'],
      topicsToShare: ['Data analysis'],
      cadence: 'biweekly',
      preferredDays: [],
      preferredTimesOfDay: [],
      languages: ['en'],
      notWith: [],
    });
  }
  return { programId: created.id, programName: created.name, admin, employee, peers };
}

/** The local sign-in: the tab's Sign in button → the simulator's page → pick the person → back in the tab. */
export async function signIn(
  page: Page,
  stack: LocalStack,
  user: DirectoryUser,
  onSignInScreen?: (page: Page) => Promise<void>,
  /** Called the moment the person is chosen on the sign-in page (a bench times the sign-in from here). */
  onChoose?: () => void,
): Promise<void> {
  await page.goto(stack.baseUrl);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await onSignInScreen?.(page);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === new URL(stack.tenant!.url).origin);
  await page.getByRole('searchbox').fill(user.userPrincipalName);
  await page.getByRole('button', { name: 'Search' }).click();
  // Not a prefix of a longer name: "ana.jansen@" must not pick "hana.jansen@".
  const person = page.getByRole('button', {
    name: new RegExp(`(^|[^\\w.])${user.userPrincipalName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  });
  await person.waitFor();
  onChoose?.();
  await person.click();
  await page.waitForURL((url) => url.origin === new URL(stack.baseUrl).origin);
  await page.getByRole('tab', { name: 'My mentoring' }).waitFor();
}

/** Waits until the queue worker has booked the user's current pairing (the next session is known). */
export async function waitForBooking(
  stack: LocalStack,
  upn: string,
  timeoutMs = 60_000,
): Promise<PairingsResponse['current'][number]> {
  const started = Date.now();
  for (;;) {
    const pairings = await callApi<PairingsResponse>(stack, upn, 'GET', 'pairings');
    const current = pairings.current[0];
    if (current?.nextSession) return current;
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `no booked pairing for ${upn} after ${timeoutMs} ms: ${JSON.stringify(pairings.current)}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}
