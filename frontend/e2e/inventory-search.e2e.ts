import { expect, test } from '@playwright/test';
import { apiToken, expectAccessible, signInFast } from './helpers';

interface Hit {
  ref: string;
  city: string;
  price: number;
  bedrooms: number;
}

/**
 * Typed search text fills the filters the person can see and change, and the results keep to them;
 * "near a park" finds a home that is near a park, not the King County towns named for one
 * (Highland Park, Madison Park are Seattle neighborhoods in the demo listings).
 */
test('"3 bed under 900k near a park in Seattle" fills the filters, they can be changed, and the results honour them', async ({ page }) => {
  test.setTimeout(240_000);
  const token = await apiToken(page);
  const auth = { authorization: `Bearer ${token}` };
  const ref = `PARK-${Date.now()}`;
  const created = await page.request.post('/api/inventory', {
    headers: auth,
    data: { ref, title: 'Craftsman across from the park', description: 'A neighborhood park with a playground and tennis courts across the street.', type: 'house', purpose: 'sale', price: 845000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Wallingford/Fremont', zip: '98103' },
  });
  expect(created.status()).toBe(201);
  // The worker embeds the new listing (after the demo listings): wait until search by meaning knows it.
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/inventory/search?q=${encodeURIComponent('near a park')}&city=Seattle&mode=semantic&pageSize=5`, { headers: auth });
        return ((await res.json()) as { items: Hit[] }).items.some((h) => h.ref === ref);
      },
      { timeout: 200_000, intervals: [1000] },
    )
    .toBe(true);

  await signInFast(page);
  await page.goto('/inventory');
  await page.getByTestId('inventory-q').fill('3 bed under 900k near a park in Seattle');
  const searched = page.waitForResponse((r) => r.url().includes('/api/inventory/search?') && r.request().method() === 'GET');
  await page.getByRole('button', { name: 'Search' }).click();
  const res = await searched;
  const params = new URL(res.url()).searchParams;
  expect([params.get('q'), params.get('bedsMin'), params.get('priceMax'), params.get('city')]).toEqual(['near a park', '3', '900000', 'Seattle']);

  // The filters are filled, visible, in words, and the wish stays as words.
  await expect(page.getByTestId('inventory-q')).toHaveValue('near a park');
  await expect(page.getByTestId('inventory-beds')).toHaveValue('3');
  await expect(page.getByTestId('inventory-price-max')).toHaveValue('900000');
  await expect(page.getByTestId('inventory-city')).toHaveValue('Seattle');
  await expect(page.getByTestId('inventory-understood')).toContainText('Up to $900K · 3+ bedrooms · In Seattle');

  // The results keep to the filters, and the home near a park leads (not a home in a "Park" neighborhood).
  const body = (await res.json()) as { items: Hit[]; total: number };
  expect(body.total).toBeGreaterThan(10);
  for (const h of body.items) expect({ ref: h.ref, ok: h.city === 'Seattle' && h.bedrooms >= 3 && h.price <= 900000 }).toEqual({ ref: h.ref, ok: true });
  expect(body.items[0].ref).toBe(ref);
  const first = page.getByTestId('unit-results').locator('li').first();
  await expect(first).toContainText('Craftsman across from the park');
  await expect(first).toContainText('The listing mentions park');
  await expectAccessible(page, 'inventory search read from typed words');

  // Changed by hand (6 bedrooms, past the old 5+ list), the filter holds and the results follow.
  await page.getByTestId('inventory-beds').fill('6');
  const again = page.waitForResponse((r) => r.url().includes('/api/inventory/search?') && r.request().method() === 'GET');
  await page.getByRole('button', { name: 'Search' }).click();
  const res2 = await again;
  expect(new URL(res2.url()).searchParams.get('bedsMin')).toBe('6');
  const body2 = (await res2.json()) as { items: Hit[] };
  expect(body2.items.length).toBeGreaterThan(0);
  for (const h of body2.items) expect(h.bedrooms >= 6 && h.city === 'Seattle' && h.price <= 900000).toBe(true);
  await expect(page.getByTestId('inventory-beds')).toHaveValue('6');
  await expect(page.getByTestId('unit-results')).not.toContainText('Craftsman across from the park');
});
