import { expect, test } from '@playwright/test';
import { apiToken, signInFast } from './helpers';

/** Issue 15 point 2: the review queue shows a pair with its evidence; merge it, then undo. */
test('possible duplicates: see a pair with why, merge it into one lead, undo the merge', async ({ page }) => {
  const token = await apiToken(page);
  const auth = { authorization: `Bearer ${token}` };
  // A number the demo data (and earlier runs) do not use, so the pair is this test's own.
  const run = Date.now();
  const phone = `+1 312 ${200 + (run % 700)} ${String(run % 10000).padStart(4, '0')}`;
  const create = async (data: unknown) => {
    const res = await page.request.post('/api/leads', { headers: auth, data });
    expect(res.status()).toBe(201);
    return (await res.json()) as { id: string };
  };
  // The same phone, two spellings of a name that sound alike, from two sources.
  await create({ contact: { name: 'Geraldine Okafor', phone, email: `geraldine.okafor.${run}@example.com` }, source: 'meta_lead_ads', sourceRef: `lg-e2e-${Date.now()}` });
  const newer = await create({ contact: { name: 'Geraldin Okafor', email: `g.okafor.${run}@example.com` }, source: 'portal' });
  // The phone learned later (typed in on the lead): the detector proposes the pair.
  expect((await page.request.patch(`/api/leads/${newer.id}`, { headers: auth, data: { contact: { phone } } })).status()).toBe(200);

  await signInFast(page);
  await page.goto('/admin/duplicates');
  const pair = page.getByTestId('duplicate-pair').filter({ hasText: `geraldine.okafor.${run}@` }).filter({ hasText: `g.okafor.${run}@` });
  await expect(pair).toBeVisible();
  await expect(pair.getByTestId('older-lead')).toContainText('Geraldine Okafor');
  await expect(pair.getByTestId('newer-lead')).toContainText('Geraldin Okafor');
  await expect(pair.getByTestId('evidence')).toContainText(/phone \+1 312 \d{3} \d{4} equal/);
  await expect(pair.getByTestId('evidence')).toContainText("names 'Geraldin Okafor' / 'Geraldine Okafor'");

  page.once('dialog', (d) => void d.accept());
  await pair.getByTestId('merge-pair').click();
  await expect(page.getByTestId('merged-notice')).toContainText("Geraldin Okafor was merged into Geraldine Okafor's lead");
  // The merged lead left the queue (it is a tombstone now): no pair links to it.
  const toNewer = page.getByTestId('duplicate-pairs').locator(`a[href="/leads/${newer.id}"]`);
  await expect(toNewer).toHaveCount(0);

  await page.getByTestId('undo-merge').click();
  await expect(page.getByTestId('undone-notice')).toContainText('Geraldin Okafor is a lead of its own again');
  await expect(toNewer.first()).toBeVisible();
  const lead = await page.request.get(`/api/leads/${newer.id}`, { headers: auth });
  expect(lead.status()).toBe(200);
  expect(((await lead.json()) as { contact: { name: string } }).contact.name).toBe('Geraldin Okafor');
});
