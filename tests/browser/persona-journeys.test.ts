import { type Browser, type Page } from 'playwright-core';

import { type LocalStack, startLocalStack } from '../../dev/stack';
import { type PairingsResponse } from '../../functions/src/contracts';
import { axeViolations } from './support/axe';
import { collectConsoleErrors, launchChromium, newLoopbackContext, screenshot } from './support/chromium';
import { callApi, localServerSpki, signIn } from './support/stack-scenario';

/**
 * Each persona the README names, on `npm start`'s demo company (the seeded programs, past round and booked
 * current rounds), walked at desktop (1280 px) and phone (360 px) width in the light, dark and high-contrast
 * themes: what each persona comes for is on the screen, nothing scrolls sideways, and axe reports no violation of
 * any impact on any screen.
 */
jest.setTimeout(600_000);

type Stack = LocalStack & {
  tenant: NonNullable<LocalStack['tenant']>;
  demo: NonNullable<LocalStack['demo']>;
};
type Person = Stack['tenant']['users'][number];

let browser: Browser;
let stack: Stack;

beforeAll(async () => {
  const started = await startLocalStack({
    port: 0,
    scheduleTimers: false,
    demo: true,
    env: { ...process.env, PORT: undefined, TENANT_SEED: undefined, TENANT_SIZE: undefined },
  });
  if (!started.tenant || !started.demo) {
    await started.stop();
    throw new Error('the persona journeys need the embedded tenant simulator and the demo seed');
  }
  stack = started as Stack;
  await stack.host.queuesIdle();
  browser = await launchChromium([`--ignore-certificate-errors-spki-list=${localServerSpki()}`]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const widths = [1280, 360] as const;
const themes = ['light', 'dark', 'contrast'] as const;

function person(upn: string | undefined): Person {
  const found = stack.tenant.users.find((u) => u.userPrincipalName === upn);
  if (!found) throw new Error(`the demo has no persona ${upn ?? '(none)'}`);
  return found;
}

/** Opens a route of the tab in a theme and width, signed in already (MSAL keeps the session in the page). */
async function open(page: Page, route: string, theme: (typeof themes)[number], width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${stack.baseUrl}/?theme=${theme}#/${route}`);
  await page.waitForSelector(`[data-theme="${theme}"]`);
}

async function expectScreenSound(page: Page, name: string): Promise<void> {
  // Nothing may need sideways scrolling, at phone width least of all.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect({ screen: name, overflow }).toEqual({ screen: name, overflow: 0 });
  const violations = await axeViolations(page);
  expect({
    screen: name,
    violations: violations.map((v) => `${v.impact} ${v.id}: ${v.help} @ ${v.targets.join(', ')}`),
  }).toEqual({ screen: name, violations: [] });
  await screenshot(page, `persona-${name}`);
}

async function signedIn(user: Person) {
  const { context } = await newLoopbackContext(browser, stack.baseUrl, { allowOrigins: [stack.tenant.url] });
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  await signIn(page, stack, user);
  return { context, page, errors };
}

it('the employee with a peer sees the peer, why, and the next session; then history and their data', async () => {
  const employee = person(stack.demo.personas.employee?.userPrincipalName);
  const pairings = await callApi<PairingsResponse>(stack, employee.userPrincipalName, 'GET', 'pairings');
  const current = pairings.current.find((p) => p.programId === stack.demo.programs.peerLearning)!;
  const { context, page, errors } = await signedIn(employee);
  for (const theme of themes)
    for (const width of widths) {
      await open(page, '', theme, width);
      const card = page.getByTestId('my-pairings');
      await card.getByText(current.peers[0]!.displayName, { exact: true }).first().waitFor();
      await card.getByText('Why you were paired').first().waitFor();
      await page.getByTestId('next-session').first().waitFor();
      await expectScreenSound(page, `employee-home-${theme}-${width}`);

      await open(page, 'history', theme, width);
      await page.getByRole('heading', { name: 'Past peers' }).waitFor();
      await expectScreenSound(page, `employee-history-${theme}-${width}`);

      await open(page, 'my-data', theme, width);
      await page.getByRole('heading', { name: 'My data' }).waitFor();
      await expectScreenSound(page, `employee-my-data-${theme}-${width}`);
    }
  expect(errors).toEqual([]);
  await context.close();
});

it('the new joiner sees their onboarding buddy, and the unmatched person is told why in plain words', async () => {
  const joiner = person(stack.demo.personas.newJoiner?.userPrincipalName);
  const buddy = (
    await callApi<PairingsResponse>(stack, joiner.userPrincipalName, 'GET', 'pairings')
  ).current.find((p) => p.programId === stack.demo.programs.onboarding)!;
  const first = await signedIn(joiner);
  for (const theme of themes)
    for (const width of widths) {
      await open(first.page, '', theme, width);
      await first.page.getByText(buddy.peers[0]!.displayName, { exact: true }).first().waitFor();
      await expectScreenSound(first.page, `new-joiner-home-${theme}-${width}`);
    }
  expect(first.errors).toEqual([]);
  await first.context.close();

  const unmatched = person(stack.demo.personas.unmatched?.userPrincipalName);
  const second = await signedIn(unmatched);
  for (const theme of themes)
    for (const width of widths) {
      await open(second.page, '', theme, width);
      await second.page
        .getByText(/^Not paired this round in /)
        .first()
        .waitFor();
      // Why, in words: no reason code anywhere on the screen.
      expect(await second.page.locator('body').innerText()).not.toMatch(/no-eligible-peer|level-band/);
      await expectScreenSound(second.page, `unmatched-home-${theme}-${width}`);
    }
  expect(second.errors).toEqual([]);
  await second.context.close();
});

/** The Rounds view's height per theme and width, printed for the record (the demo round is about 60 pairings). */
const heights = new Map<string, number>();
afterAll(() => {
  if (heights.size > 0)
    process.stdout.write(`Rounds view height (px): ${JSON.stringify(Object.fromEntries(heights))}\n`);
});

it('the admin walks every admin section; the current round shows named reasons and no raw code or id', async () => {
  const admin = person(stack.tenant.adminUserPrincipalName);
  const { context, page, errors } = await signedIn(admin);
  const sections = [
    ['admin/programs', 'Programs'],
    ['admin/rounds', 'Rounds'],
    ['admin/participants', 'Participants'],
    ['admin/dashboard', 'Dashboard'],
    ['admin/audit', 'Audit log'],
  ] as const;
  for (const theme of themes)
    for (const width of widths)
      for (const [route, name] of sections) {
        await open(page, route, theme, width);
        await page.getByRole('tab', { name, selected: true }).waitFor();
        if (route === 'admin/rounds') {
          await page
            .getByRole('heading', { name: /^Round \d+ · / })
            .first()
            .waitFor();
          const text = await page.locator('body').innerText();
          expect(text).not.toMatch(/manual-\d{4}-|no-eligible-peer|[a-z]+-[a-z0-9]{16}\b/);
          // One page of the round, not all of it: 25 rows on a desktop, 10 on a phone, and a page a few screens tall.
          const pageSize = width === 360 ? 10 : 25;
          const showing = page.getByText(/^Showing 1–\d+ of \d+$/);
          await showing.waitFor();
          const [, shown, total] = /^Showing 1–(\d+) of (\d+)$/.exec((await showing.textContent()) ?? '')!;
          expect(Number(total)).toBeGreaterThan(pageSize);
          expect(Number(shown)).toBe(pageSize);
          const rows = page
            .getByRole('table', { name: 'Pairings and people of this round' })
            .getByRole('row');
          expect(await rows.count()).toBe(pageSize + 1);
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          heights.set(`${theme}-${width}`, height);
          expect(height).toBeLessThan(width === 360 ? 6_000 : 8_000);
        }
        if (route === 'admin/dashboard') {
          // The past round's sessions are over: held sessions from the calendars, not "No session is over yet".
          await page.getByTestId('sessions-held').waitFor();
          expect(await page.getByText('No session is over yet.').count()).toBe(0);
          // The participants chart's axis says dates, never a time of day.
          const ticks = await page
            .getByRole('group', { name: 'Participants over time' })
            .locator('svg .tick text')
            .allTextContents();
          expect(ticks.length).toBeGreaterThan(1);
          for (const tick of ticks) expect(tick).not.toMatch(/AM|PM|\d:\d\d/);
        }
        await expectScreenSound(page, `admin-${route.split('/')[1]!}-${theme}-${width}`);
      }
  expect(errors).toEqual([]);
  await context.close();
});
