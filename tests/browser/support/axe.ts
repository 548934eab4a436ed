import { readFileSync } from 'node:fs';

import { type Frame, type Page } from 'playwright-core';

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page (WCAG 2.x A/AA rules and best practices) and returns every violation, of any impact. */
export async function axeViolations(page: Page | Frame): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    // Tabster's focus sentinels (<i data-tabster-dummy tabindex=0 aria-hidden>) around Fluent's TabList and
    // TagGroup move focus on at once and are never announced; axe's aria-hidden-focus rule cannot see that, so
    // they are left out of the scan. Everything else on the page is checked.
    const r = await axe.run({ exclude: [['[data-tabster-dummy]']] } as unknown as Document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return result;
}

/**
 * After a modal dialog closes, Fluent (Tabster's modalizer) removes `aria-hidden` from the rest of the page a
 * moment later. Wait for that before scanning; if it never happens the page stays hidden from screen readers and
 * this times out, failing the test.
 */
export async function waitForDialogClosed(page: Page | Frame): Promise<void> {
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.waitForFunction(
    () => !document.querySelector('[aria-hidden="true"]#root, #root[aria-hidden="true"]'),
    undefined,
    {
      timeout: 5000,
    },
  );
}
