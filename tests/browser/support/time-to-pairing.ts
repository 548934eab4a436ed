/**
 * Time from navigation to "my pairing is visible" in Chromium against the local stack, for `npm run bench`
 * (bench/tab.bench.ts runs this file in a child process so NODE_EXTRA_CA_CERTS is set at start-up).
 * Prints one JSON line: { runs: [{ shellMs, pairingMs }], cold: {...}, apiMeMs: [...] }.
 */
import { type PairingsResponse } from '../../../functions/src/contracts';
import { settledRound } from '../../../functions/src/testing/settled-round';
import { launchChromium, newLoopbackContext } from './chromium';
import { callApi, localServerSpki, seedProgram, signIn, startStack, waitForBooking } from './stack-scenario';

export interface TimingResult {
  runs: { shellMs: number; pairingMs: number }[];
  apiMeMs: number[];
  booked: boolean;
}

export async function measureTimeToPairing(runs: number): Promise<TimingResult> {
  const stack = await startStack();
  const browser = await launchChromium([`--ignore-certificate-errors-spki-list=${localServerSpki()}`]);
  try {
    const scenario = await seedProgram(stack);
    const upn = scenario.employee.userPrincipalName;
    await callApi(stack, upn, 'PUT', `programs/${scenario.programId}/enrollment`, {
      goals: ['collaborative-learning'],
      topicsToLearn: ['Data analysis'],
      topicsToShare: ['Negotiation'],
      cadence: 'biweekly',
      preferredDays: [],
      preferredTimesOfDay: [],
      languages: ['en'],
      notWith: [],
    });
    const admin = scenario.admin.userPrincipalName;
    const draft = await callApi<{ id: string }>(
      stack,
      admin,
      'POST',
      `admin/programs/${scenario.programId}/rounds/preview`,
      {},
    );
    const round = (id: string) =>
      callApi<{ status: string }>(stack, admin, 'GET', `admin/programs/${scenario.programId}/rounds/${id}`);
    await settledRound(() => round(draft.id));
    await callApi(stack, admin, 'POST', `admin/programs/${scenario.programId}/rounds`, {
      draftRoundId: draft.id,
    });
    await settledRound(() => round(draft.id));
    const pairing = (await callApi<PairingsResponse>(stack, upn, 'GET', 'pairings')).current[0];
    if (!pairing) throw new Error('the employee was not paired; cannot time "my pairing"');
    let booked = false;
    try {
      await waitForBooking(stack, upn, 20_000);
      booked = true;
    } catch {
      // Without the booking worker the pairing still shows (who and why), with "being booked" for the session.
    }
    const peerName = pairing.peers[0]!.displayName;

    const { context } = await newLoopbackContext(browser, stack.baseUrl, {
      allowOrigins: [stack.tenant.url],
    });
    const page = await context.newPage();
    await signIn(page, stack, scenario.employee);
    const results: TimingResult['runs'] = [];
    const cdp = await context.newCDPSession(page);
    for (let i = 0; i < runs; i++) {
      // The first navigation starts from an empty HTTP cache (the sign-in keeps only MSAL's localStorage).
      if (i === 0) await cdp.send('Network.clearBrowserCache');
      await page.goto(stack.baseUrl, { waitUntil: 'commit' });
      // Both marks are performance.now() in the page: milliseconds since the navigation started.
      const shell = page.waitForFunction(
        () => (document.querySelector('[role="tablist"]') ? performance.now() : false),
        undefined,
        { polling: 'raf' },
      );
      const mine = page.waitForFunction(
        (name) => {
          const section = document.querySelector('[data-testid="my-pairings"]');
          return section?.textContent?.includes(name) ? performance.now() : false;
        },
        peerName,
        { polling: 'raf', timeout: 30_000 },
      );
      const [shellHandle, pairingHandle] = await Promise.all([shell, mine]);
      results.push({
        shellMs: (await shellHandle.jsonValue()) as number,
        pairingMs: (await pairingHandle.jsonValue()) as number,
      });
    }
    await context.close();

    // The API call the pairing waits for, timed from Node on the same stack (a peer figure for the page time).
    const token = await stack.tenant.issueUserToken(upn);
    const apiMeMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const response = await fetch(`${stack.baseUrl}/api/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await response.arrayBuffer();
      apiMeMs.push(performance.now() - started);
    }
    return { runs: results, apiMeMs, booked };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

if (require.main === module) {
  measureTimeToPairing(Number(process.argv[2] ?? 10)).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
