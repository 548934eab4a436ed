import { ensureLocalCa, localStateDir } from '../tls/local-ca';
import { startTenantSimulator } from './index';

/** `npm run tenant`: the tenant simulator on its own. */
async function main(): Promise<void> {
  const ca = ensureLocalCa(localStateDir('tls'));
  const port = Number(process.env.TENANT_PORT ?? 7443);
  const seed = process.env.TENANT_SEED ?? 'pairwise';
  const size = Number(process.env.TENANT_SIZE ?? 300);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('TENANT_PORT must be a port number');
  if (!Number.isInteger(size) || size < 12 || size > 10_000)
    throw new Error('TENANT_SIZE must be between 12 and 10000');
  const realism = process.env.TENANT_REALISM ?? 'demo';
  if (realism !== 'demo' && realism !== 'ideal') throw new Error("TENANT_REALISM must be 'demo' or 'ideal'");
  const sim = await startTenantSimulator({
    port,
    seed,
    size,
    tls: ca.serverCert,
    stateDir: localStateDir('tenant'),
    realism,
  });
  const count = (pick: (u: (typeof sim.users)[number]) => boolean): number => sim.users.filter(pick).length;
  const lines = [
    `Tenant simulator listening at ${sim.url}`,
    `Tenant id: ${sim.tenantId}`,
    `Domain: ${sim.domain} (${sim.users.length} people, seed '${seed}')`,
    `API app (tab + API) client id: ${sim.apiClientId} (application ID URI ${sim.apiAppIdUri}, scope access_as_user)`,
    `Backend app client id: ${sim.backendClientId} (local-only secret in ${sim.backendClientSecretPath ?? '(memory)'}; certificate in ${localStateDir('tenant')})`,
    `Authority: ${sim.authority}  Graph: ${sim.url}/v1.0`,
    `Admin (Pairwise.Admin): ${sim.adminUserPrincipalName}`,
    `Demo password for every user (local only, ROPC): ${sim.demoPassword}`,
    `Some demo people: ${sim.users
      .filter(
        (u, i, all) =>
          u.accountEnabled &&
          ['L2', 'L3', 'L4'].includes(u.level) &&
          all.findIndex(
            (o) => o.department === u.department && ['L2', 'L3', 'L4'].includes(o.level) && o.accountEnabled,
          ) === i,
      )
      .slice(0, 4)
      .map((u) => `${u.userPrincipalName} (${u.jobTitle}, ${u.department}, ${u.officeLocation})`)
      .join('; ')} — all of them: GET ${sim.url}/v1.0/users`,
    realism === 'ideal'
      ? 'Real-tenant behaviours: off (TENANT_REALISM=ideal)'
      : `Real-tenant behaviours on (docs/tenant-simulator.md): ${count((u) => u.upnDiffersFromMail)} people with UPN ≠ mail, ${count((u) => !u.hasMailbox)} without a mailbox, ${count((u) => !u.inAppScope)} outside the app's mailbox scope (${sim.appScopeGroup.mail}), ${count((u) => !u.appInstalled)} without the Teams app, ${count((u) => u.hasCustomTimeZone)} with a custom time zone; mail arrives after ${sim.realism.propagationDelayMs} ms`,
    `Trust the local CA with NODE_EXTRA_CA_CERTS=${ca.caCertPath}`,
    `Control API: ${sim.url}/_simulator (loopback only; see docs/tenant-simulator.md)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const shutdown = (): void => {
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Tenant simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
