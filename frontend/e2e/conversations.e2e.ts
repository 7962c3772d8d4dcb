import { expect, Page, test } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { expectAccessible, screenshot, signInFast } from './helpers';
import { META_TEST_SECRET } from './playwright.config';

/**
 * Issue 13 point 6: the Conversations page stays current without a reload. A lead writes on
 * WhatsApp; the worker process records it; the database notifies the API process; the page's
 * live feed brings the message into the open thread and the list.
 */

let seq = 0;
/** A signed WhatsApp Cloud API delivery of one text, as Meta sends it. */
async function whatsappText(page: Page, from: string, name: string, text: string): Promise<void> {
  const message = { from, id: `wamid.conv${Date.now()}${++seq}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } };
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1122334455667788', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: '106540352242922' }, contacts: [{ profile: { name }, wa_id: from }], messages: [message] } }] }],
  });
  const res = await page.request.post('/api/webhooks/whatsapp', { headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', META_TEST_SECRET).update(body).digest('hex')}` }, data: body });
  expect(res.status()).toBe(200);
}

test('a message a lead sends on WhatsApp appears on an open Conversations page without a reload', async ({ page }) => {
  await signInFast(page);
  await whatsappText(page, '14155550188', 'Nora Newcomer', 'Hi! Is the Fremont townhouse still available?');
  await page.goto('/conversations');
  await expect(page.getByRole('heading', { name: 'Conversations', level: 1 })).toBeVisible();
  await expect(page.getByTestId('live-state')).toHaveText('Live');
  // The worker records her message; the list shows it as it lands.
  const nora = page.getByTestId('conversation').filter({ hasText: 'Nora Newcomer' });
  await expect(nora.getByTestId('channel-badge')).toHaveText('WhatsApp');
  await nora.click();
  const thread = page.getByTestId('thread');
  await expect(thread.getByTestId('thread-channel')).toHaveText('WhatsApp');
  await expect(thread.getByTestId('message').filter({ hasText: 'Is the Fremont townhouse still available?' })).toBeVisible();
  // Opening it read it: no unread count left on her row.
  await expect(nora.getByTestId('unread')).toHaveCount(0);
  // She wrote within 24 hours: free text may go out, no template needed.
  await expect(thread.getByTestId('message-composer')).toBeVisible();

  // Proves there is no reload: a full page load would lose this.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await whatsappText(page, '14155550188', 'Nora Newcomer', 'Could I see it tomorrow at 5?');
  await expect(thread.getByTestId('message').filter({ hasText: 'Could I see it tomorrow at 5?' })).toBeVisible();
  // The assistant answers her on WhatsApp from a worker process; its answer comes in the same way.
  await expect(thread.getByTestId('message').filter({ hasText: /^\s*Assistant ·/ }).first()).toBeVisible({ timeout: 30_000 });

  // Someone else writes meanwhile: their conversation comes in with its unread count.
  await whatsappText(page, '14155550199', 'Omar Other', 'Hello, do you have 2 bedroom flats?');
  const omar = page.getByTestId('conversation').filter({ hasText: 'Omar Other' });
  await expect(omar.getByTestId('unread')).toHaveText('1');
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await screenshot(page, 'conversations');
  await expectAccessible(page, 'Conversations');
});
