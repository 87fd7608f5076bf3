// The operator console in a real headless browser (Debian's chromium driven by playwright-core): sign in
// with a token, list backups, run a table backup and see it listed, validate it, filter the audit log and
// open an entry, call a tool from its generated form. Screenshots go to OUT_DIR.
//
// Usage: node src/test/browser/console.mjs BASE_URL TOKEN OUT_DIR   (scripts/console-browser-test.sh runs it)
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, token, out] = process.argv.slice(2);
if (!base || !token || !out) {
  console.error('usage: console.mjs BASE_URL TOKEN OUT_DIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const TABLE = process.env.CONSOLE_TABLE || 'public.authors';

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'console-chromium-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 860 },
});
const page = context.pages()[0] || await context.newPage();
const problems = [];
const refused = [];
page.on('pageerror', (error) => problems.push('page error: ' + error.message));
// The browser reports every HTTP error status as a console error; those are checked by URL below instead.
page.on('console', (message) => {
  if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push('console error: ' + message.text());
});
page.on('response', (response) => {
  if (response.status() >= 400) refused.push(response.status() + ' ' + new URL(response.url()).pathname);
});
let step = 0;
async function shot(name) {
  step += 1;
  await page.screenshot({ path: join(out, String(step).padStart(2, '0') + '-' + name + '.png'), fullPage: true });
}
/** Waits until the audit table lists calls of this tool only (the tab shows every call until the filter applies). */
async function onlyCallsOf(tool) {
  await page.waitForFunction((name) => {
    const tools = [...document.querySelectorAll('#audit-list tbody tr td:nth-child(3)')].map((cell) => cell.textContent);
    return tools.length > 0 && tools.every((each) => each === name);
  }, tool, { timeout: 20000 });
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}

try {
  // Sign in: authentication is on, so the console asks for a token before anything else.
  await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
  await page.locator('#signin').waitFor({ state: 'visible', timeout: 20000 });
  await shot('sign-in');
  await page.fill('#token', 'not-a-valid-token');
  await page.click('#signin-form button');
  await page.locator('#signin-error').filter({ hasText: /token|Authentication|invalid/i }).waitFor({ timeout: 20000 });
  await page.fill('#token', token);
  await page.click('#signin-form button');
  await page.locator('#tabs').waitFor({ state: 'visible', timeout: 20000 });
  check(refused.length === 2 && refused.every((entry) => entry === '401 /api/tools'),
    'only the two calls before a valid token are refused: ' + refused.join(', '));
  refused.length = 0;
  const stored = await page.evaluate(() => [sessionStorage.getItem('dbadmin.token') !== null, localStorage.length]);
  check(stored[0] && stored[1] === 0, 'the token must be in sessionStorage only: ' + JSON.stringify(stored));

  // Status: health with its components.
  await page.locator('#health .card[data-component]').first().waitFor({ timeout: 20000 });
  await shot('status');

  // Backups: list, run a table backup, see it listed, validate it.
  await page.click('#tabs button[data-tab=backups]');
  await page.locator('#backup-table-name option').first().waitFor({ state: 'attached', timeout: 20000 });
  await page.selectOption('#backup-table-name', TABLE);
  const before = await page.locator('#backup-list tbody tr[data-backup]').count();
  await page.click('#backup-table');
  await page.locator('#backup-message').filter({ hasText: 'written' }).waitFor({ timeout: 60000 });
  const row = page.locator(`#backup-list tbody tr[data-backup*="${TABLE}"]`).first();
  await row.waitFor({ timeout: 20000 });
  const after = await page.locator('#backup-list tbody tr[data-backup]').count();
  check(after === before + 1, `one more backup listed (${before} -> ${after})`);
  await row.getByRole('button', { name: 'Validate' }).click();
  await page.locator('#backup-report').filter({ hasText: '"valid": true' }).waitFor({ timeout: 60000 });
  await shot('backups');
  await row.getByRole('button', { name: 'Restore dry-run' }).click();
  await page.locator('#backup-report').filter({ hasText: '"dry_run": true' }).waitFor({ timeout: 60000 });
  await page.locator('#report-title').filter({ hasText: 'rolled back' }).waitFor({ timeout: 10000 });
  await shot('restore-dry-run');

  // Audit log: filter by tool and outcome, open an entry.
  await page.click('#tabs button[data-tab=audit]');
  await page.selectOption('#audit-filters [name=operation]', 'db_backup_table');
  await page.selectOption('#audit-filters [name=success]', 'true');
  await page.click('#audit-filters button[type=submit]');
  await onlyCallsOf('db_backup_table');
  await page.locator('#audit-list tbody tr').first().click();
  await page.locator('#audit-detail h3').first().waitFor({ timeout: 10000 });
  await shot('audit');

  // Tools: forms built from the schemas; a query, then a change for the audit log's diff.
  await page.click('#tabs button[data-tab=tools]');
  await page.click('#tool-list li[data-tool=db_query_records]');
  await page.fill('#tool-form [name=table]', 'authors');
  await page.fill('#tool-form [name=limit]', '2');
  await page.click('#tool-form button[type=submit]');
  await page.locator('#tool-result').filter({ hasText: '"records"' }).waitFor({ timeout: 20000 });
  await shot('tools');
  await page.click('#tool-list li[data-tool=db_update_records]');
  await page.fill('#tool-form [name=table]', 'authors');
  await page.fill('#tool-form [name=data]', '{"bio": "Changed from the console"}');
  await page.fill('#tool-form [name=where]', '{"id": 1}');
  await page.click('#tool-form button[type=submit]');
  await page.locator('#tool-result').filter({ hasText: '"updated_count": 1' }).waitFor({ timeout: 20000 });

  // The audit log shows the change with its before and after images as a diff.
  await page.click('#tabs button[data-tab=audit]');
  await page.selectOption('#audit-filters [name=operation]', 'db_update_records');
  await page.click('#audit-filters button[type=submit]');
  await onlyCallsOf('db_update_records');
  await page.locator('#audit-list tbody tr').first().click();
  const changed = page.locator('#audit-detail table.diff td.changed');
  await changed.first().waitFor({ timeout: 10000 });
  check((await changed.allTextContents()).some((text) => text.includes('Changed from the console')),
    'the diff shows the new bio');
  await shot('audit-diff');

  check(refused.length === 0, 'refused after signing in: ' + refused.join(', '));
  check(problems.length === 0, problems.join('\n'));
  console.log(`console browser test: ${step} screenshots in ${out}`);
  console.log('console: 1 passed, 0 failed');
} catch (error) {
  await shot('failure').catch(() => {});
  console.error('console browser test FAILED: ' + error.message);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await context.close();
}
