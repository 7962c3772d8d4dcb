import { expect, test } from '@playwright/test';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { apiToken } from './helpers';

/**
 * The website chat widget (issue 12 point 7) on a host page of another origin that allows only
 * the API's origin for scripts and connections (no inline script or style): one <script> tag, a
 * short chat with the assistant, a name and phone left, and the conversation is a lead with
 * source widget in the inbox.
 */
test('a visitor chats through the widget on a CSP-protected host page and becomes a widget lead', async ({ page, baseURL }) => {
  const token = await apiToken(page);
  const auth = { authorization: `Bearer ${token}` };
  const created = await page.request.post('/api/admin/integrations/sources', { headers: auth, data: { name: 'Agency website', kind: 'web_form' } });
  expect(created.status()).toBe(201);
  const siteKey = ((await created.json()) as { key: string }).key;

  const api = new URL(baseURL!).origin;
  const host: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `default-src 'none'; script-src ${api}; connect-src ${api}; style-src 'none'; img-src 'none'` });
    res.end(`<!doctype html><html lang="en"><head><title>Agency</title></head><body><h1>Homes by the bay</h1><script src="${api}/api/public/widget/widget.js" data-site-key="${siteKey}" defer></script></body></html>`);
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) violations.push(m.text());
  });
  try {
    await page.goto(hostUrl);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat with us' });
    await expect(dialog).toBeVisible();

    await dialog.getByLabel('Your message').fill('Hi, we want to rent a 2 bedroom flat, budget 2500 a month');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog.locator('[data-openhouse="you"]')).toHaveText('Hi, we want to rent a 2 bedroom flat, budget 2500 a month');
    const answer = dialog.locator('[data-openhouse="assistant"]').nth(1);
    await expect(answer).not.toHaveText('…');
    await expect(answer).not.toHaveText(/could not answer/);
    expect((await answer.textContent())!.length).toBeGreaterThan(10);

    await dialog.getByLabel('Your name').fill('Wanda Widget');
    await dialog.getByLabel('Your phone').fill('+1 415 555 0142');
    await dialog.getByRole('button', { name: 'Call me back' }).click();
    await expect(dialog.locator('[data-openhouse="note"]')).toContainText('Thanks, Wanda Widget!');
    expect(violations).toEqual([]);

    const inbox = await page.request.get('/api/leads?source=widget&pageSize=50', { headers: auth });
    expect(inbox.status()).toBe(200);
    const items = ((await inbox.json()) as { items: { id: string; source: string; name: string }[] }).items;
    const lead = items.find((l) => l.name === 'Wanda Widget');
    expect(lead?.source).toBe('widget');
    const detail = (await (await page.request.get(`/api/leads/${lead!.id}`, { headers: auth })).json()) as { contact: { phone: string }; profile: { bedrooms: number | null } };
    expect(detail.contact.phone).toMatch(/415/);
    expect(detail.profile.bedrooms).toBe(2);
  } finally {
    await new Promise((r) => host.close(r));
  }
});
