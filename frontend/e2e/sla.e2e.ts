import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { apiToken, signInFast } from './helpers';
import { TEST_CLOCK_FILE } from './playwright.config';

const MINUTE = 60_000;

/**
 * SLA timers (issue 16, point 3) in Chromium against the real API and its worker: a new lead's
 * reply clock shows on the inbox and the lead page; the app's clock is moved ten minutes ahead
 * (TEST_CLOCK_FILE, an injected clock, not by waiting); the worker's timer fires and the breach
 * becomes a task for the assignee, on the timeline, with the clock now saying how late it is.
 */
test('a missed reply time turns into a task for the assignee, said on the lead page', async ({ page }) => {
  writeFileSync(TEST_CLOCK_FILE, '0');
  const token = await apiToken(page);
  const auth = { Authorization: `Bearer ${token}` };
  const me = ((await (await page.request.get('/api/auth/me', { headers: auth })).json()) as { id: string }).id;

  // Admin → Pipeline → Time limits: open every hour of every day, so the test does not depend on when it runs.
  await signInFast(page);
  await page.goto('/admin/pipeline');
  await page.getByTestId('sla-link').click();
  await expect(page.getByTestId('sla-rules')).toContainText("New: a reply to the lead's last message within 5 minutes of business time");
  const settings = (await (await page.request.get('/api/pipeline/sla', { headers: auth })).json()) as { rules: { id: string; kind: string; stage: string; minutes: number; businessHoursOnly: boolean; warnPercent: number | null; escalation: string; enabled: boolean }[] };
  const saved = await page.request.put('/api/pipeline/sla', {
    headers: auth,
    data: { businessHours: { timeZone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) }, rules: settings.rules.map(({ id, kind, stage, minutes, businessHoursOnly, warnPercent, escalation, enabled }) => ({ id, kind, stage, minutes, businessHoursOnly, warnPercent, escalation, enabled })) },
  });
  expect(saved.status()).toBe(200);
  // Nonsense is refused in words.
  const refused = await page.request.put('/api/pipeline/sla', { headers: auth, data: { businessHours: { timeZone: 'UTC', days: [] }, rules: [{ kind: 'first_response', stage: 'new', minutes: -5, businessHoursOnly: false, escalation: 'notify_team_lead', enabled: true }] } });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { message: string }).message).toBe("Rule 1: the time can't be negative");

  const created = await page.request.post('/api/leads', { headers: auth, data: { contact: { name: 'Tara Timer', phone: '+12065550188' }, source: 'web', assigneeId: me } });
  expect(created.status()).toBe(201);
  const leadId = ((await created.json()) as { id: string }).id;

  await page.goto(`/leads/${leadId}`);
  await expect(page.getByTestId('sla-clock')).toHaveText(/Reply due in [45] min/);

  // Ten minutes later, by the app's clock (server and browser): no waiting.
  writeFileSync(TEST_CLOCK_FILE, String(10 * MINUTE));
  await page.clock.install({ time: Date.now() + 10 * MINUTE });
  await expect(async () => {
    const lead = (await (await page.request.get(`/api/leads/${leadId}`, { headers: auth })).json()) as { timeline: { type: string }[] };
    expect(lead.timeline.some((e) => e.type === 'sla_breached')).toBe(true);
  }).toPass({ timeout: 30_000 });

  await page.reload();
  await expect(page.getByTestId('sla-clock')).toHaveText(/Overdue by [56] min/);
  await expect(page.getByText('Reply to Tara Timer', { exact: true })).toBeVisible();
  await expect(page.getByText(/Time limit missed — New: a reply to the lead's last message within 5 minutes/)).toBeVisible();
  writeFileSync(TEST_CLOCK_FILE, '0');
});
