import { expect, test } from '@playwright/test';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { apiToken, expectAccessible, signInFast } from './helpers';

/**
 * Issue 13 point 7: an admin tells another system about new leads from Admin → Event notifications
 * to other systems; the other system (a real HTTP server here) gets a signed notification it can
 * verify with the secret the page showed once, and the page shows it was received.
 */
test('an admin adds a receiving system, it gets a signed notification of a new lead, and the page shows it received', async ({ page }) => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openhouse`;
  try {
    await signInFast(page);
    await page.goto('/admin');
    await page.getByTestId('notifications-link').click();
    await expect(page.getByRole('heading', { name: 'Event notifications to other systems', level: 1 })).toBeVisible();
    const form = page.getByRole('form', { name: 'Tell another system' });
    await form.getByLabel('What it is for').fill('Office spreadsheet');
    await form.getByLabel('Web address that receives them').fill(url);
    await form.getByText('A new lead arrives').click();
    // A local address is refused until the admin says it is inside the office network.
    await form.getByRole('button', { name: 'Start sending' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'private, loopback or reserved address' })).toBeVisible();
    await form.getByText('It is inside our own network').click();
    await form.getByRole('button', { name: 'Start sending' }).click();
    const secret = (await page.getByTestId('new-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page, 'Admin → Event notifications');

    const token = await apiToken(page);
    const created = await page.request.post('/api/leads', { headers: { authorization: `Bearer ${token}` }, data: { source: 'web', contact: { name: 'Nora Notified', email: 'nora.notified@example.com' } } });
    expect(created.status()).toBe(201);
    const leadId = ((await created.json()) as { id: string }).id;
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
    const event = new Webhook(secret).verify(received[0].body, received[0].headers as Record<string, string>) as { type: string; data: { leadId: string } };
    expect(event).toMatchObject({ type: 'lead.created', data: { leadId } });

    // The worker records the answer just after the receiver has it: look until the page shows it.
    await expect(async () => {
      await page.getByTestId('subscription-Office spreadsheet').getByRole('button', { name: 'Recent notifications' }).click();
      await expect(page.getByTestId('delivery').first()).toContainText('A new lead arrives', { timeout: 1000 });
      await expect(page.getByTestId('delivery').first()).toContainText('Received · tried 1 time', { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
  } finally {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
});
