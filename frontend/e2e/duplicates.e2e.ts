import { expect, test } from '@playwright/test';
import { apiToken, signInFast } from './helpers';

/** Issue 15 point 2: the review queue shows a pair with its evidence; merge it, then undo. */
test('possible duplicates: see a pair with why, merge it into one lead, undo the merge', async ({ page }) => {
  const token = await apiToken(page);
  const auth = { authorization: `Bearer ${token}` };
  const stamp = Date.now() % 90;
  const phone = `+1 206-555-01${String(10 + stamp).padStart(2, '0')}`;
  const create = async (data: unknown) => {
    const res = await page.request.post('/api/leads', { headers: auth, data });
    expect(res.status()).toBe(201);
    return (await res.json()) as { id: string };
  };
  // The same phone, two spellings of a name that sound alike, from two sources.
  await create({ contact: { name: 'Geraldine Okafor', phone, email: `geraldine.okafor.${stamp}@example.com` }, source: 'meta_lead_ads', sourceRef: `lg-e2e-${Date.now()}` });
  const newer = await create({ contact: { name: 'Geraldin Okafor', email: `g.okafor.${stamp}@example.com` }, source: 'portal' });
  // The phone learned later (typed in on the lead): the detector proposes the pair.
  expect((await page.request.patch(`/api/leads/${newer.id}`, { headers: auth, data: { contact: { phone } } })).status()).toBe(200);

  await signInFast(page);
  await page.goto('/admin/duplicates');
  const pair = page.getByTestId('duplicate-pair').filter({ hasText: 'Geraldin Okafor' }).first();
  await expect(pair).toBeVisible();
  await expect(pair.getByTestId('older-lead')).toContainText('Geraldine Okafor');
  await expect(pair.getByTestId('newer-lead')).toContainText('Geraldin Okafor');
  await expect(pair.getByTestId('evidence')).toContainText(/phone \+1 206 555 01\d\d equal/);
  await expect(pair.getByTestId('evidence')).toContainText("names 'Geraldin Okafor' / 'Geraldine Okafor'");

  page.once('dialog', (d) => void d.accept());
  await pair.getByTestId('merge-pair').click();
  await expect(page.getByTestId('merged-notice')).toContainText("Geraldin Okafor was merged into Geraldine Okafor's lead");
  // The merged lead left the queue and is a tombstone: the API answers with its new home.
  await expect(page.getByTestId('duplicate-pair').filter({ hasText: 'Geraldin Okafor' })).toHaveCount(0);

  await page.getByTestId('undo-merge').click();
  await expect(page.getByTestId('undone-notice')).toContainText('Geraldin Okafor is a lead of its own again');
  await expect(page.getByTestId('duplicate-pair').filter({ hasText: 'Geraldin Okafor' }).first()).toBeVisible();
  const lead = await page.request.get(`/api/leads/${newer.id}`, { headers: auth });
  expect(lead.status()).toBe(200);
  expect(((await lead.json()) as { contact: { name: string } }).contact.name).toBe('Geraldin Okafor');
});
