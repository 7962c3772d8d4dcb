import { expect, Locator, Page, test } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiToken, choose, expectAccessible, signInFast } from './helpers';

/**
 * The Analytics page (issue 18, point 7) in Chromium against the real API and the seeded demo
 * brokerage (300 leads over 180 days): the figures follow the range and the filters, the agents
 * table sorts from the keyboard, a table downloads as CSV, a phone reads it without sideways
 * scrolling, and an agent sees only their own figures.
 */

const caption = (page: Page, card: string): Locator => page.getByTestId(card).getByTestId('caption');
const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

test('an admin reads the figures, narrows them, sorts agents and downloads a table', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await signInFast(page);
  await page.goto('/inbox');
  await page.getByRole('link', { name: 'Analytics', exact: true }).click();
  await expect(page).toHaveURL(/\/analytics$/);
  await expect(caption(page, 'funnel')).toContainText('leads came in');
  const thirtyDays = await caption(page, 'funnel').textContent();

  // A longer range counts more of the demo's leads; the address says so (a bookmark keeps it).
  await choose(page, 'Dates', 'Last 90 days');
  await expect(page).toHaveURL(/range=90d/);
  await expect(caption(page, 'funnel')).not.toHaveText(thirtyDays ?? '');
  const ninetyDays = Number(/^([\d,]+) leads/.exec((await caption(page, 'funnel').textContent()) ?? '')?.[1].replace(/,/g, ''));
  expect(ninetyDays).toBeGreaterThan(Number(/^([\d,]+) leads/.exec(thirtyDays ?? '')?.[1].replace(/,/g, '')));

  // One source only: fewer leads, and the sources table lists that source alone.
  await choose(page, 'Source', /^Web$/);
  await expect(page).toHaveURL(/source=web/);
  await expect(caption(page, 'funnel')).not.toContainText(`${ninetyDays.toLocaleString('en-US')} leads came in`);
  await expect(page.getByTestId('sources').locator('tbody th')).toHaveText(['Web']);
  await expectAccessible(page, 'analytics');

  // The agents table sorts by any column, from the keyboard; the header says which way.
  const agents = page.getByTestId('agents');
  const header = agents.getByRole('columnheader', { name: /Open leads/ });
  const openLeads = async () => (await agents.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.children[2].textContent?.replace(/,/g, '')))));
  await header.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const down = await openLeads();
  expect(down.length).toBeGreaterThan(1);
  expect(down).toEqual([...down].sort((a, b) => b - a));
  await page.keyboard.press('Enter');
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  expect(await openLeads()).toEqual([...down].sort((a, b) => a - b));

  // A chart's numbers as a spreadsheet, from the API's CSV form with the filters on screen.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV: Leads by stage' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = readFileSync((await download.path()) ?? '', 'utf8');
  expect(csv).toContain('Stage,Leads');
  expect(csv).toContain('Qualified');

  // On a 375 px phone the charts stack and wide tables scroll inside their card, not the page.
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(caption(page, 'funnel')).toBeVisible();
  expect(await noSidewaysScroll(page)).toBe(true);
  const [funnel, sources] = [await page.getByTestId('funnel').boundingBox(), await page.getByTestId('sources').boundingBox()];
  expect(funnel && sources && sources.y > funnel.y + funnel.height - 1).toBe(true);
  expect(funnel!.width).toBeLessThanOrEqual(375);
});

test('the dashboard with demo data, for the README', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1400 });
  await signInFast(page);
  await page.goto('/analytics?range=90d');
  await expect(caption(page, 'funnel')).toContainText('leads came in');
  await expect(caption(page, 'calibration')).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  // UPDATE_SCREENSHOTS=1 refreshes the README's picture; otherwise it goes with the test results.
  const dir = process.env['UPDATE_SCREENSHOTS'] === '1' ? join(__dirname, '..', '..', 'docs', 'images') : join(__dirname, '..', '..', 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, 'analytics.png'), animations: 'disabled', caret: 'hide' });
  // The whole page too, with the results only, to look over every section.
  await page.screenshot({ path: join(__dirname, '..', '..', 'test-results', 'analytics-full.png'), fullPage: true, animations: 'disabled', caret: 'hide' });
});

test('an agent sees only their own figures and is not offered other agents', async ({ page }) => {
  const token = await apiToken(page);
  const auth = { Authorization: `Bearer ${token}` };
  const users = (await (await page.request.get('/api/users', { headers: auth })).json()) as { id: string; name: string; email: string; role: string }[];
  const maria = users.find((u) => u.name === 'Maria Lopez');
  expect(maria?.role).toBe('agent');
  const password = 'analytics-agent-password-1';
  expect((await page.request.post(`/api/users/${maria!.id}/password`, { headers: auth, data: { newPassword: password } })).ok()).toBe(true);
  const login = await page.request.post('/api/auth/login', { data: { email: maria!.email, password } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  await page.addInitScript((t) => localStorage.setItem('openhouse.token', t), accessToken);

  await page.goto('/analytics?range=90d');
  await expect(caption(page, 'funnel')).toContainText('leads came in');
  await expect(page.getByRole('combobox', { name: 'Agent' })).toHaveCount(0);
  await expect(page.getByTestId('agents').locator('tbody th')).toHaveText(['Maria Lopez']);
  await expect(page.getByTestId('funnel-agents').locator('tbody th')).toHaveText(['Maria Lopez']);

  // Asking for a colleague's figures by address changes nothing: the API answers with hers.
  const james = users.find((u) => u.name === 'James Chen');
  const mine = await caption(page, 'funnel').textContent();
  await page.goto(`/analytics?range=90d&agent=${james!.id}`);
  await expect(page.getByTestId('agents').locator('tbody th')).toHaveText(['Maria Lopez']);
  await expect(caption(page, 'funnel')).toHaveText(mine ?? '');
});
