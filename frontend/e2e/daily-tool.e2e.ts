import { expect, Page, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './playwright.config';
import { apiToken, expectAccessible, screenshot, signInFast } from './helpers';

/**
 * The app as a team's daily tool (issue 21), against the real API: sign-out that forgets, everyday
 * actions from the lead page, my tasks, confirmations with undo, live hand-off, the phone layout.
 */
test.describe.configure({ mode: 'serial' });

const AGENT = { name: 'Tom Agent', email: 'tom.agent@openhouse.local', password: 'tom-agent-password-1' };

async function ensureAgent(page: Page): Promise<void> {
  const token = await apiToken(page);
  const res = await page.request.post('/api/users', { headers: { Authorization: `Bearer ${token}` }, data: { ...AGENT, role: 'agent' } });
  expect([201, 409]).toContain(res.status());
}

async function signInWithForm(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('sign-out forgets everything: Back shows sign-in, and the next person starts on their own inbox', async ({ page }) => {
  await ensureAgent(page);
  await page.goto('/sign-in');
  await signInWithForm(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/inbox$/);
  // Something only the admin has: a saved view.
  await page.getByRole('button', { name: 'Save view' }).click();
  await page.getByLabel('View name').fill('Admin only view');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Admin only view', exact: true })).toBeVisible();
  await page.getByTestId('lead-row').first().click();
  await expect(page).toHaveURL(/\/leads\//);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goBack();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('openhouse.token'))).toBeNull();

  await signInWithForm(page, AGENT.email, AGENT.password);
  // Not the admin's last page, and nothing of the admin's on screen.
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByTestId('current-user')).toHaveText(AGENT.name);
  await expect(page.getByTestId('lead-count')).not.toBeEmpty();
  await expect(page.getByRole('button', { name: 'Admin only view', exact: true })).toHaveCount(0);
});
