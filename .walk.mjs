import { chromium } from 'playwright-core';
const base = 'http://localhost:7071';
const who = process.argv[2]; const tag = process.argv[3] ?? who.split('@')[0];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--ignore-certificate-errors'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = []; page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
await page.goto(base);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL(u => u.origin !== base);
await page.getByRole('searchbox').fill(who);
await page.getByRole('button', { name: 'Search' }).click();
await page.getByRole('button', { name: new RegExp(`(^|[^\\w.])${who.replace(/\./g,'\\.')}`) }).click();
await page.waitForURL(u => u.origin === base);
await page.getByRole('tab', { name: 'My mentoring' }).waitFor();
await page.waitForTimeout(2500);
await page.screenshot({ path: `/tmp/shots/${tag}-home.png`, fullPage: true });
for (const name of (process.argv[4] ?? '').split(',').filter(Boolean)) {
  const t = page.getByRole('tab', { name });
  if (await t.count()) { await t.first().click(); await page.waitForTimeout(2000); await page.screenshot({ path: `/tmp/shots/${tag}-${name.replace(/\W+/g,'_')}.png`, fullPage: true }); }
  else console.log('no tab', name, await page.getByRole('tab').allTextContents());
}
console.log('errors', errors);
await browser.close();
