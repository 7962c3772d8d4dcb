import { expect, test } from '@playwright/test';
import { apiToken, expectAccessible, signInFast } from './helpers';

/**
 * Issue 13 point 5: a person writes to a lead by email from the lead page; with no mail server
 * set up (this run has no SMTP_URL) the mail is kept and readable in Admin → Sent mail.
 */

/** A time zone where it is daytime now, so quiet hours never hold this person's email. */
function daytimeZone(): string {
  const zones = ['Pacific/Honolulu', 'America/Los_Angeles', 'America/New_York', 'America/Sao_Paulo', 'Europe/London', 'Europe/Berlin', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Bangkok', 'Asia/Tokyo', 'Australia/Sydney', 'Pacific/Auckland'];
  const hour = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  return zones.find((z) => hour(z) >= 10 && hour(z) <= 18) ?? 'Pacific/Honolulu';
}

test('an email written on the lead page is kept (no mail server) and shows in Admin → Sent mail', async ({ page }) => {
  const token = await apiToken(page);
  const created = await page.request.post('/api/leads', {
    headers: { authorization: `Bearer ${token}` },
    data: { source: 'web', contact: { name: 'Mira Mailer', email: 'mira.mailer@example.com', timezone: daytimeZone() } },
  });
  expect(created.status()).toBe(201);
  const leadId = ((await created.json()) as { id: string }).id;

  await signInFast(page);
  await page.goto(`/leads/${leadId}`);
  const composer = page.getByTestId('message-composer');
  await expect(composer.getByTestId('composer-to')).toContainText('mira.mailer@example.com');
  await composer.getByTestId('composer-subject').fill('Homes in Fremont this week');
  await composer.getByTestId('composer-text').fill('Hi Mira, three new homes in Fremont fit what you asked for.');
  await composer.getByTestId('composer-send').click();
  // The message is on the timeline at once, and the box is empty for the next one.
  await expect(page.getByText('Hi Mira, three new homes in Fremont fit what you asked for.').first()).toBeVisible();
  await expect(composer.getByTestId('composer-text')).toHaveValue('');

  await page.goto('/admin');
  await page.getByTestId('sent-mail-link').click();
  await expect(page.getByRole('heading', { name: 'Sent mail', level: 1 })).toBeVisible();
  await expect(page.getByTestId('no-mail-server')).toContainText('kept here and not sent');
  const mail = page.getByTestId('mail').filter({ hasText: 'Homes in Fremont this week' });
  await expect(mail).toContainText('To Mira Mailer <mira.mailer@example.com>');
  // The worker keeps it: no mail server, so it never counts as sent.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('mail').filter({ hasText: 'Homes in Fremont this week' }).getByTestId('mail-state')).toHaveText('Kept here, not sent', { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await page.getByTestId('mail').filter({ hasText: 'Homes in Fremont this week' }).locator('summary').click();
  await expect(page.getByTestId('mail-body').first()).toContainText('three new homes in Fremont');
  await expectAccessible(page, 'Admin → Sent mail');
});
