import { expect, test } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { apiToken, expectAccessible, signInFast } from './helpers';
import { E2E_JWT_SECRET, E2E_PG_PORT } from './playwright.config';

/**
 * The link a lead gets after a viewing, made as the app makes it (docs/VIEWINGS.md, "After the
 * viewing"): the viewing's id and an expiry, signed with a key derived from the app's secret.
 */
function feedbackLink(viewingId: string): string {
  const body = `${viewingId}~${(Math.floor(Date.now() / 1000) + 30 * 86_400).toString(36)}`;
  const key = createHmac('sha256', E2E_JWT_SECRET).update('viewing-feedback-link').digest();
  return `/feedback/${body}~${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** Moves a viewing into the past, as if its time had come and gone (the API books only future times). */
async function viewingHappened(viewingId: string): Promise<void> {
  const db = new Client({ connectionString: `postgres://postgres:openhouse@127.0.0.1:${E2E_PG_PORT}/openhouse` });
  await db.connect();
  try {
    await db.query(`UPDATE viewings SET starts_at = now() - interval '3 hours', ends_at = now() - interval '135 minutes' WHERE id = $1`, [viewingId]);
  } finally {
    await db.end();
  }
}

/**
 * After a viewing (issue 17 points 5 and 6): the lead opens their link without signing in, is told
 * plainly when the viewing has not happened yet, answers once it has (chips of the home's features,
 * the price, their words) and is thanked; the agent opens the seller's report from the listing, and
 * its printed version leaves out the app's bar and menu.
 */
test('a lead gives feedback on the public page; the agent reads it in the seller report and prints it', async ({ browser, page }) => {
  const token = await apiToken(page);
  const auth = { authorization: `Bearer ${token}` };
  const stamp = Date.now().toString(36);
  const unit = await page.request.post('/api/inventory', {
    headers: auth,
    data: { type: 'house', purpose: 'sale', ref: `FB-${stamp}`, title: 'Garden cottage', price: 640000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Wallingford', street: '21 Pine St', features: ['garden', 'busy road', 'fireplace'] },
  });
  expect(unit.status()).toBe(201);
  const unitId = ((await unit.json()) as { id: string }).id;
  const lead = await page.request.post('/api/leads', { headers: auth, data: { contact: { name: 'Pat Parker', email: `pat.${stamp}@example.com`, timezone: 'America/Los_Angeles' }, source: 'web' } });
  const leadId = ((await lead.json()) as { id: string }).id;
  const slots = (await (await page.request.get(`/api/leads/${leadId}/viewing-slots?unitId=${unitId}`, { headers: auth })).json()) as { slots: { date: string; time: string }[] };
  const booked = await page.request.post(`/api/leads/${leadId}/viewings`, { headers: auth, data: { unitId, date: slots.slots[0].date, time: slots.slots[0].time } });
  expect(booked.status()).toBe(201);
  const viewingId = ((await booked.json()) as { id: string }).id;

  // The lead's browser: no sign-in.
  const leadContext = await browser.newContext();
  const leadPage = await leadContext.newPage();
  await leadPage.goto(feedbackLink(viewingId));
  await expect(leadPage.getByRole('heading', { name: 'How was 21 Pine St, Wallingford, Seattle?' })).toBeVisible();
  await leadPage.getByRole('radio', { name: 'Yes, I liked it' }).or(leadPage.getByRole('button', { name: 'Yes, I liked it' })).click();
  await leadPage.getByRole('button', { name: 'Send feedback' }).click();
  await expect(leadPage.getByRole('alert')).toContainText('This viewing has not taken place yet');

  await viewingHappened(viewingId);
  await leadPage.reload();
  await expect(leadPage.getByText('Hi Pat, a minute of your time')).toBeVisible();
  await leadPage.getByRole('radio', { name: 'Not for me' }).or(leadPage.getByRole('button', { name: 'Not for me' })).click();
  await leadPage.getByRole('listbox', { name: 'What did you like?' }).getByRole('option', { name: 'garden' }).click();
  await leadPage.getByRole('listbox', { name: 'What did you not like?' }).getByRole('option', { name: 'busy road' }).click();
  await leadPage.getByRole('radio', { name: 'Too high' }).check();
  await leadPage.getByLabel('Anything else?').fill('The garden is lovely but the road is loud.');
  await expectAccessible(leadPage, 'viewing feedback page');
  await leadPage.getByRole('button', { name: 'Send feedback' }).click();
  await expect(leadPage.getByRole('status')).toHaveText('Thank you, Pat! Your agent has your feedback.');
  // The same link again: thanked, not asked twice.
  await leadPage.reload();
  await expect(leadPage.getByRole('status')).toHaveText('Thank you, Pat! Your agent has your feedback.');
  await leadContext.close();

  // The agent: the listing's page → the seller report.
  await signInFast(page);
  await page.goto(`/inventory/${unitId}`);
  await page.getByRole('link', { name: 'Seller report' }).click();
  await expect(page.getByRole('heading', { name: 'Seller report: 21 Pine St, Wallingford, Seattle' })).toBeVisible();
  await expect(page.getByTestId('viewings-held')).toHaveText('1');
  await expect(page.getByTestId('liked')).toHaveText('0 of 1');
  await expect(page.getByTestId('price-perception')).toContainText('Too high: 1');
  await expect(page.locator('blockquote')).toContainText('“The garden is lovely but the road is loud.”');
  await expect(page.locator('blockquote footer')).toContainText('Pat P.');
  await expect(page.getByText('Parker')).toHaveCount(0);
  await expectAccessible(page, 'seller report');
  // The printed copy: the report without the app's bar, menu or buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print or save as PDF' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Seller report: 21 Pine St, Wallingford, Seattle' })).toBeVisible();
});
