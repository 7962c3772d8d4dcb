import AxeBuilder from '@axe-core/playwright';
import { expect, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './playwright.config';

// The package is CommonJS, so Playwright loads this file as such: __dirname is there.
// Every run takes the pictures; they replace the committed ones in docs/screenshots only with
// UPDATE_SCREENSHOTS=1, so running the tests leaves the working tree clean.
export const SCREENSHOTS = process.env['UPDATE_SCREENSHOTS'] === '1' ? join(__dirname, '..', '..', 'docs', 'screenshots') : join(__dirname, '..', '..', 'test-results', 'screenshots');

/** Signs in through the API and puts the token where the SPA keeps it, for tests not about signing in. */
export async function signInFast(page: Page): Promise<void> {
  const res = await page.request.post('/api/auth/login', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  expect(res.status()).toBe(200);
  const { accessToken } = (await res.json()) as { accessToken: string };
  await page.addInitScript((token) => localStorage.setItem('openhouse.token', token), accessToken);
}

export async function apiToken(page: Page): Promise<string> {
  const res = await page.request.post('/api/auth/login', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let fonts and late rows settle so the picture shows the finished view.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false, animations: 'disabled', caret: 'hide' });
}

/** No serious or critical accessibility violations on the current view. */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(report, `accessibility violations on ${view}`).toEqual([]);
}

/** Picks an option in a Material select by its label. */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}
