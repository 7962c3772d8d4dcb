import { expect, Page, test } from '@playwright/test';
import { generate } from 'otplib';
import { apiToken, choose, expectAccessible, screenshot } from './helpers';

/**
 * Accounts (issue 21, point 4) in Chromium against the real API: two-step sign-in turned on from the
 * Account page and then asked for at sign-in; a team lead handing several leads to a teammate at once.
 */
test.describe.configure({ mode: 'serial' });

const suffix = Date.now().toString(36);

async function createUser(page: Page, user: { name: string; email: string; role: string; team?: string }): Promise<string> {
  const token = await apiToken(page);
  const res = await page.request.post('/api/users', { headers: { Authorization: `Bearer ${token}` }, data: { ...user, password: 'user-password-1' } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function signInWithForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('two-step sign-in: set up on the Account page, then sign-in asks for the code', async ({ page }) => {
  const email = `tina.${suffix}@openhouse.local`;
  await createUser(page, { name: 'Tina Twostep', email, role: 'agent' });
  await signInWithForm(page, email, 'user-password-1');
  await expect(page).toHaveURL(/\/inbox$/);

  await page.getByTestId('current-user').click();
  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  const secret = (await page.getByTestId('setup-key').innerText()).trim();
  await page.getByLabel('Code from the app').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('Two-step sign-in is on. If you lose your phone')).toBeVisible();
  await expect(page.getByTestId('setup-key')).toHaveCount(0);
  await expectAccessible(page, 'account with recovery codes');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInWithForm(page, email, 'user-password-1');
  await expect(page.getByLabel('Code')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await page.evaluate(() => localStorage.getItem('openhouse.token'))).toBeNull();
  await page.getByLabel('Code').fill('000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The code is wrong or has expired');
  // The next window's code: accepted (clock drift) and newer than the one used to turn it on.
  await page.getByLabel('Code').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByTestId('current-user')).toHaveText('Tina Twostep');
});

test('a team lead ticks two of a teammate’s leads and hands them to another teammate', async ({ page }) => {
  const team = `Eastside ${suffix}`;
  const leadEmail = `lena.${suffix}@openhouse.local`;
  await createUser(page, { name: 'Lena Lead', email: leadEmail, role: 'team_lead', team });
  const from = await createUser(page, { name: `Fred ${suffix}`, email: `fred.${suffix}@openhouse.local`, role: 'agent', team });
  const to = await createUser(page, { name: `Gina ${suffix}`, email: `gina.${suffix}@openhouse.local`, role: 'agent', team });
  const admin = await apiToken(page);
  const ids: string[] = [];
  for (const name of [`Buyer A ${suffix}`, `Buyer B ${suffix}`]) {
    const res = await page.request.post('/api/leads', { headers: { Authorization: `Bearer ${admin}` }, data: { contact: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org` }, source: 'web', assigneeId: from } });
    expect(res.status()).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }

  await signInWithForm(page, leadEmail, 'user-password-1');
  await expect(page).toHaveURL(/\/inbox$/);
  await page.getByTestId('inbox-search').fill(suffix);
  await expect(page.getByTestId('lead-row')).toHaveCount(2);
  for (const id of ids) await page.getByTestId(`select-${id}`).locator('input').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('2 selected');
  await choose(page, 'Hand to', `Gina ${suffix}`);
  await expectAccessible(page, 'inbox with leads ticked');
  await screenshot(page, 'inbox-bulk-reassign');

  // Cancelled: nothing moves.
  await page.getByRole('button', { name: 'Reassign' }).click();
  await expect(page.getByRole('alertdialog')).toContainText(`Hand 2 leads to Gina ${suffix}?`);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('bulk-bar')).toContainText('2 selected');

  await page.getByRole('button', { name: 'Reassign' }).click();
  await page.getByTestId('confirm-button').click();
  await expect(page.getByText(`Handed 2 leads to Gina ${suffix}`)).toBeVisible();
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  for (const id of ids) {
    const lead = await page.request.get(`/api/leads/${id}`, { headers: { Authorization: `Bearer ${admin}` } });
    expect(((await lead.json()) as { assignee: { id: string } }).assignee.id).toBe(to);
  }
});
