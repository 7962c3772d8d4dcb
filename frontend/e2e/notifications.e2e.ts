import { expect, test } from '@playwright/test';
import { apiToken } from './helpers';

/**
 * The bell (issue 16, point 6) in Chromium against the real API: an agent's unread count rises
 * live when an admin assigns them a lead, the panel says so in words and opens the lead.
 */
test('a lead assigned to me rings the bell live; the panel names it and opens the lead', async ({ page }) => {
  const admin = await apiToken(page);
  const auth = { Authorization: `Bearer ${admin}` };
  const email = `nora.${Date.now().toString(36)}@openhouse.local`;
  const created = await page.request.post('/api/users', { headers: auth, data: { name: 'Nora Notified', email, role: 'agent', password: 'user-password-1' } });
  expect(created.status()).toBe(201);
  const agentId = ((await created.json()) as { id: string }).id;
  const login = await page.request.post('/api/auth/login', { data: { email, password: 'user-password-1' } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  await page.addInitScript((token) => localStorage.setItem('openhouse.token', token), accessToken);
  await page.goto('/inbox');
  const bell = page.getByTestId('notification-bell');
  await expect(bell).toHaveAttribute('aria-label', 'Notifications');

  const lead = await page.request.post('/api/leads', { headers: auth, data: { contact: { name: 'Bella Bell', phone: '+12065550177' }, source: 'phone', assigneeId: agentId } });
  expect(lead.status()).toBe(201);
  const leadId = ((await lead.json()) as { id: string }).id;
  await expect(bell).toHaveAttribute('aria-label', '1 unread notifications');

  await bell.click();
  await page.getByRole('menuitem', { name: /assigned Bella Bell to you/ }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${leadId}$`));
  await expect(bell).toHaveAttribute('aria-label', 'Notifications');
});
