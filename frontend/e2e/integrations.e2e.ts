import { expect, Page, test } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { apiToken, signInFast } from './helpers';
import { META_TEST_SECRET } from './playwright.config';

/** Issue 12 point 10: a WhatsApp conversation readable in the chat view, and Admin → Integrations. */

const WA = '14155550177';

/** A signed WhatsApp Cloud API delivery, as Meta sends it. */
async function deliverWhatsApp(page: Page, messages: Record<string, unknown>[]): Promise<void> {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1122334455667788', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: '106540352242922' }, contacts: [{ profile: { name: 'Carla Coast' }, wa_id: WA }], messages } }] }],
  });
  const res = await page.request.post('/api/webhooks/whatsapp', { headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', META_TEST_SECRET).update(body).digest('hex')}` }, data: body });
  expect(res.status()).toBe(200);
}

test('a WhatsApp conversation reads in the chat view: text, a location as a map link, a photo by its caption, a form as filled answers', async ({ page }) => {
  const token = await apiToken(page);
  const auth = { authorization: `Bearer ${token}` };
  const m = (id: string, type: string, part: unknown) => ({ from: WA, id, timestamp: String(Math.floor(Date.now() / 1000)), type, [type]: part });
  await deliverWhatsApp(page, [
    m('wamid.e2e1', 'text', { body: 'Hi! Looking for a flat near the beach' }),
    m('wamid.e2e2', 'location', { latitude: 37.8087, longitude: -122.4098, name: 'Fisherman’s Wharf', address: 'San Francisco' }),
    m('wamid.e2e3', 'image', { caption: 'The view we would love', mime_type: 'image/jpeg', id: 'media-1', sha256: 'x' }),
    m('wamid.e2e4', 'interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify({ purpose: 'rent', bedrooms: 2, preferred_contact_time: 'evenings', flow_token: 't' }) } }),
  ]);

  // The worker makes the lead and its WhatsApp conversation.
  let leadId = '';
  await expect(async () => {
    const res = await page.request.get('/api/leads?source=whatsapp&q=Carla&pageSize=10', { headers: auth });
    const items = ((await res.json()) as { items: { id: string; name: string }[] }).items;
    leadId = items.find((l) => l.name === 'Carla Coast')?.id ?? '';
    expect(leadId).not.toBe('');
  }).toPass({ timeout: 20_000 });
  let sessionId = '';
  await expect(async () => {
    const sessions = (await (await page.request.get(`/api/agent/sessions?leadId=${leadId}`, { headers: auth })).json()) as { id: string; channel: string; messageCount?: number }[];
    sessionId = sessions.find((s) => s.channel === 'whatsapp')?.id ?? '';
    expect(sessionId).not.toBe('');
    const session = (await (await page.request.get(`/api/agent/sessions/${sessionId}`, { headers: auth })).json()) as { messages: unknown[] };
    expect(session.messages.length).toBeGreaterThanOrEqual(4);
  }).toPass({ timeout: 20_000 });

  // The lead page shows where the lead came from.
  await signInFast(page);
  await page.goto(`/leads/${leadId}`);
  await expect(page.getByTestId('source-badge').first()).toHaveText('WhatsApp');

  await page.goto(`/chat?session=${sessionId}`);
  const log = page.getByTestId('chat-log');
  await expect(log.getByText('Hi! Looking for a flat near the beach')).toBeVisible();
  const map = log.getByTestId('map-link');
  await expect(map).toContainText('Fisherman’s Wharf');
  expect(await map.getAttribute('href')).toContain('mlat=37.8087');
  await expect(log.locator('[data-kind="media"]')).toContainText('Photo');
  await expect(log.locator('[data-kind="media"]')).toContainText('“The view we would love”');
  const form = log.getByTestId('form-answers');
  await expect(form).toContainText('Bedrooms');
  await expect(form).toContainText('Preferred contact time');
  await expect(form).toContainText('evenings');
  await expect(form).not.toContainText('flow_token');
  await expect(log).not.toContainText('nfm_reply');
});

test('Admin → Integrations shows each source’s status in plain words, never a secret', async ({ page }) => {
  await signInFast(page);
  await page.goto('/admin');
  await page.getByTestId('integrations-link').click();
  await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
  const whatsapp = page.getByTestId('channel-whatsapp');
  await expect(whatsapp).toContainText('WhatsApp');
  await expect(whatsapp.getByTestId('configured')).toHaveText('Set up');
  await expect(page.getByTestId('channel-meta_lead_ads').getByTestId('configured')).toHaveText('Not set up');
  await expect(page.getByTestId('channels')).not.toContainText('meta_lead_ads');
  await expect(page.locator('body')).not.toContainText(META_TEST_SECRET);
  // Nothing has failed in this run: the dead-letter list says so in words.
  await expect(page.getByTestId('no-dead-letters')).toBeVisible();
});
