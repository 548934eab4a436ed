/**
 * A quick load check of the simulator in the shape of the booking benchmark: free/busy for ~2,000 mailboxes
 * (1,000 pairs, getSchedule batched 20 per $batch) and 1,000 recurring online meetings with an attendee, through the
 * real msal-node + graph-client configuration. Run: NODE_EXTRA_CA_CERTS=.local/tls/ca.pem npx tsx dev/tenant/load-check.ts
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { BatchRequestContent, BatchResponseContent, Client } from '@microsoft/microsoft-graph-client';

import { ensureLocalCa, localStateDir } from '../tls/local-ca';
import { startTenantSimulator } from './index';

async function main(): Promise<void> {
  const ca = ensureLocalCa(localStateDir('tls'));
  let t = performance.now();
  const sim = await startTenantSimulator({ port: 0, seed: 'bench', size: 2000, tls: ca.serverCert });
  process.stdout.write(`start with 2000 people: ${(performance.now() - t).toFixed(0)} ms\n`);
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: sim.backendClientId,
      authority: sim.authority,
      knownAuthorities: [new URL(sim.url).host],
      clientSecret: sim.backendClientSecret,
    },
  });
  const client = Client.initWithMiddleware({
    baseUrl: `${sim.url}/`,
    customHosts: new Set(['127.0.0.1']),
    authProvider: {
      getAccessToken: async () =>
        (await msal.acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] }))!.accessToken,
    },
  });
  const users = sim.users.filter((u) => u.accountEnabled).slice(0, 2000);
  const pairs = Array.from(
    { length: Math.floor(users.length / 2) },
    (_, i) => [users[2 * i]!, users[2 * i + 1]!] as const,
  );
  const start = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
  const end = new Date(Date.now() + 35 * 86400000).toISOString().slice(0, 10);
  t = performance.now();
  let statuses: Record<number, number> = {};
  const runBatches = async (make: (i: number) => Request, n: number): Promise<void> => {
    const chunks: Promise<void>[] = [];
    for (let i = 0; i < n; i += 20) {
      const reqs = Array.from({ length: Math.min(20, n - i) }, (_, k) => ({
        id: String(i + k),
        request: make(i + k),
      }));
      chunks.push(
        (async () => {
          const content = new BatchRequestContent(reqs);
          const res = new BatchResponseContent(
            (await client.api('/$batch').post(await content.getContent())) as ConstructorParameters<
              typeof BatchResponseContent
            >[0],
          );
          for (const [, r] of res.getResponses()) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        })(),
      );
      if (chunks.length >= 4) await Promise.all(chunks.splice(0));
    }
    await Promise.all(chunks);
  };
  await runBatches((i) => {
    const [a, b] = pairs[i]!;
    return new Request(`${sim.url}/v1.0/users/${a.id}/calendar/getSchedule`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        schedules: [a.mail, b.mail],
        startTime: { dateTime: `${start}T00:00:00`, timeZone: 'UTC' },
        endTime: { dateTime: `${end}T00:00:00`, timeZone: 'UTC' },
        availabilityViewInterval: 30,
      }),
    });
  }, pairs.length);
  process.stdout.write(
    `getSchedule for ${pairs.length * 2} mailboxes (4 weeks): ${(performance.now() - t).toFixed(0)} ms ${JSON.stringify(statuses)}\n`,
  );
  statuses = {};
  t = performance.now();
  await runBatches((i) => {
    const [a, b] = pairs[i]!;
    return new Request(`${sim.url}/v1.0/users/${a.id}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        subject: 'Peer session',
        transactionId: `tx-${i}`,
        start: { dateTime: `${start}T15:00:00`, timeZone: 'UTC' },
        end: { dateTime: `${start}T15:30:00`, timeZone: 'UTC' },
        attendees: [{ emailAddress: { address: b.mail }, type: 'required' }],
        isOnlineMeeting: true,
        onlineMeetingProvider: 'teamsForBusiness',
        recurrence: {
          pattern: {
            type: 'weekly',
            interval: 2,
            daysOfWeek: [
              new Date(`${start}T00:00:00Z`)
                .toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' })
                .toLowerCase(),
            ],
          },
          range: { type: 'numbered', startDate: start, numberOfOccurrences: 6 },
        },
      }),
    });
  }, pairs.length);
  process.stdout.write(
    `create ${pairs.length} recurring online meetings with an attendee: ${(performance.now() - t).toFixed(0)} ms ${JSON.stringify(statuses)}\n`,
  );
  process.stdout.write(`${JSON.stringify(sim.control.counters())}\n`);
  await sim.stop();
}
void main();
