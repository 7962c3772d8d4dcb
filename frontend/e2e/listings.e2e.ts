import { expect, test } from '@playwright/test';
import { deflateSync } from 'node:zlib';
import { choose, expectAccessible, screenshot, signInFast } from './helpers';

/** A real 1×1 PNG, so the server tells its type by its bytes. */
function png(): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 40, 120, 200]))), chunk('IEND', Buffer.alloc(0))]);
}

test('a listing is added from the screens, gets a photo, goes under offer, and its card shows street, price and photo', async ({ page }) => {
  await signInFast(page);
  const ref = `E2E-${Date.now()}`;
  await page.goto('/inventory');
  await page.getByRole('link', { name: 'Add listing' }).click();
  await expect(page.getByRole('heading', { name: 'New listing' })).toBeVisible();
  await page.getByLabel('Headline').fill('Craftsman bungalow');
  await page.getByLabel('Listing reference').fill(ref);
  await page.getByLabel('Street address').fill('4512 Fremont Ave N');
  await page.getByLabel('Neighbourhood').fill('Fremont');
  await page.getByLabel('City').fill('Listingtown');
  await page.getByLabel('ZIP code').fill('98103');
  await page.getByLabel('Asking price').fill('725000');
  await page.getByLabel('Bedrooms').fill('3');
  await page.getByLabel('Bathrooms').fill('1.5');
  await page.getByLabel('Features').fill('porch, garage');
  await page.getByLabel('Description').fill('Original woodwork and a sunny porch.');
  await expectAccessible(page, 'new listing form');
  await page.getByRole('button', { name: 'Add listing' }).click();

  await expect(page.getByTestId('unit-title')).toHaveText('Craftsman bungalow');
  await expect(page.getByTestId('unit-address')).toHaveText('4512 Fremont Ave N, Fremont, Listingtown 98103');
  await page.getByTestId('photo-input').setInputFiles({ name: 'front.png', mimeType: 'image/png', buffer: png() });
  await expect(page.getByRole('status')).toHaveText('Photo added');
  await expect(page.getByTestId('unit-photos').locator('img')).toHaveCount(1);
  await expect.poll(() => page.getByTestId('unit-photos').locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  // A text file posing as a photo is refused, in words.
  await page.getByTestId('photo-input').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') });
  await expect(page.getByRole('alert')).toContainText('A photo must be a JPEG, PNG or WebP image');
  await expect(page.getByTestId('unit-photos').locator('img')).toHaveCount(1);

  await choose(page, 'Status', 'Under offer');
  await expect(page.getByRole('combobox', { name: 'Status' })).toContainText('Under offer');
  await expectAccessible(page, 'listing page');
  await screenshot(page, 'listing-page');

  // Under offer: off the default list. The edit form opens filled in; back on the market, the card shows it.
  const unitId = new URL(page.url()).pathname.split('/').pop()!;
  await page.goto('/inventory');
  await page.getByLabel('City').fill('Listingtown');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('No units match')).toBeVisible();
  await page.goto(`/inventory/${unitId}/edit`);
  await expect(page.getByLabel('Street address')).toHaveValue('4512 Fremont Ave N');
  await choose(page, 'Status', 'Available');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('unit-title')).toHaveText('Craftsman bungalow');
  await page.goto('/inventory');
  await page.getByLabel('City').fill('Listingtown');
  await page.getByRole('button', { name: 'Search' }).click();
  const card = page.getByTestId('unit-results').locator('li').first();
  await expect(card.getByTestId('unit-card-address')).toHaveText('4512 Fremont Ave N · Fremont, Listingtown');
  await expect(card).toContainText('$725,000');
  await expect(card.getByTestId('unit-card-photo')).toBeVisible();
  await screenshot(page, 'inventory-cards');
});
