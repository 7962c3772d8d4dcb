import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { apiToken, expectAccessible, signInFast } from './helpers';

/**
 * Issue 15 points 5 and 7 in the browser: a broker uploads a messy spreadsheet export, matches the
 * columns, checks it, imports it watching the progress, reads the report and downloads the rows
 * that were skipped; then an admin finds the import (and the export) in the audit log with filters.
 */
const CSV =
  '\uFEFFFull Name;E-mail;Mobile;Budget;Added\r\n' +
  'Rosa Playwright;rosa.pw@example.com;+34 612 345 678;$500k-650k;45292\r\n' +
  'Kenji Browser;kenji.pw@example.com;+44 20 7946 0456;€400.000;2024-02-01\r\n' +
  'No Contact;;;;\r\n' +
  'Rosa P.;ROSA.PW+again@example.com;;;\r\n';

test('imports a CSV: map columns, check, import with progress, report, download the skipped rows', async ({ page }) => {
  await signInFast(page);
  await page.goto('/import');
  await expect(page.getByRole('heading', { name: 'Import leads', level: 1 })).toBeVisible();
  await page.getByTestId('import-file').setInputFiles({ name: 'portal-export.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });

  // The mapping step: the first rows, and each field matched to a column (suggested from the headers).
  await expect(page.getByRole('heading', { name: 'Match the columns of portal-export.csv' })).toBeVisible();
  await expect(page.getByText('Separated by semicolons.', { exact: false })).toBeVisible();
  await expect(page.getByTestId('import-preview')).toContainText('Rosa Playwright');
  await expect(page.getByTestId('map-name')).toHaveValue('Full Name');
  await expect(page.getByTestId('map-phone')).toHaveValue('Mobile');
  await page.getByTestId('map-createdAt').selectOption('Added');
  await page.getByTestId('import-save-as').fill('Portal export');
  await expectAccessible(page, 'Import → match the columns');

  // A check first: the report says what would happen, nothing changes.
  await page.getByTestId('import-start').click();
  await expect(page.getByRole('heading', { name: 'What the import would do' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('count-created')).toContainText('2 new leads');
  await expect(page.getByTestId('count-merged')).toContainText('1 rows about a person already earlier');
  await expect(page.getByTestId('count-skipped')).toContainText('1 rows skipped');

  // Then for real.
  await page.getByTestId('import-dry-run').click();
  await page.getByTestId('import-start').click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('count-created')).toContainText('2 new leads');
  await expect(page.getByTestId('rejections')).toContainText('Row 3: No email or phone: there is no way to reach this person');
  await expectAccessible(page, 'Import → report');

  const download = page.waitForEvent('download');
  await page.getByTestId('download-rejected').click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('Full Name,E-mail,Mobile,Budget,Added,Row,Problem');
  expect(text).toContain('No Contact,,,,,3,No email or phone: there is no way to reach this person');

  // The imported people are leads now (found the way the inbox search finds them).
  const leads = await page.request.get('/api/leads?q=Playwright', { headers: { authorization: `Bearer ${await apiToken(page)}` } });
  expect(((await leads.json()) as { items: { name: string }[] }).items.map((l) => l.name)).toEqual(['Rosa Playwright']);
});

test('imports homes from a listings CSV: choose homes, match columns, check, import, honest counts', async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase();
  const homes =
    'Ref,Title,Address,City,Neighborhood,Price,Beds,Baths,Property Type,Sq Ft\r\n' +
    `PW1-${tag},Playwright craftsman ${tag},4512 Fremont Ave N,Seattle,Fremont,"$525,000",3,2.5,House,1850\r\n` +
    `PW2-${tag},Lake view condo,100 Lake St #4,Kirkland,Moss Bay,"$610,000",2,2,Condo,1100\r\n` +
    `PW3-${tag},A castle,1 Hill Rd,Kirkland,,"$9,000,000",12,8,Castle,\r\n`;
  await signInFast(page);
  await page.goto('/import');
  await page.getByRole('radio', { name: 'Homes: your listings, for sale or to rent' }).check();
  await expect(page.getByRole('heading', { name: 'Import homes', level: 1 })).toBeVisible();
  await page.getByTestId('import-file').setInputFiles({ name: 'listings.csv', mimeType: 'text/csv', buffer: Buffer.from(homes, 'utf8') });

  // The same mapping step, with the listing's fields suggested from the headers.
  await expect(page.getByRole('heading', { name: 'Match the columns of listings.csv' })).toBeVisible();
  await expect(page.getByTestId('import-preview')).toContainText('Lake view condo');
  await expect(page.getByTestId('map-ref')).toHaveValue('Ref');
  await expect(page.getByTestId('map-bedrooms')).toHaveValue('Beds');
  await expect(page.getByTestId('map-type')).toHaveValue('Property Type');
  await expect(page.getByTestId('import-country')).toHaveCount(0);
  await expectAccessible(page, 'Import homes → match the columns');

  await page.getByTestId('import-start').click();
  await expect(page.getByRole('heading', { name: 'What the import would do' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('count-created')).toContainText('2 new homes');
  await expect(page.getByTestId('count-skipped')).toContainText('1 rows skipped');

  await page.getByTestId('import-dry-run').click();
  await page.getByTestId('import-start').click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('count-created')).toContainText('2 new homes');
  await expect(page.getByTestId('count-updated')).toContainText('0 homes already listed');
  await expect(page.getByTestId('count-skipped')).toContainText('1 rows skipped');
  await expect(page.getByTestId('rejections')).toContainText('Row 3: "Castle" is not a kind of home we list');
  await expectAccessible(page, 'Import homes → report');

  // The homes are in the inventory.
  const found = await page.request.get(`/api/inventory/search?q=${encodeURIComponent(`Playwright craftsman ${tag}`)}&mode=lexical&city=Seattle`, { headers: { authorization: `Bearer ${await apiToken(page)}` } });
  expect(((await found.json()) as { items: { ref: string }[] }).items.map((u) => u.ref)).toContain(`PW1-${tag}`);
});

test('the admin audit log shows imports and sign-ins, filtered by kind', async ({ page }) => {
  await signInFast(page);
  await page.goto('/admin');
  await page.getByTestId('audit-link').click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await expect(page.getByTestId('audit-entry').first()).toBeVisible();
  await page.getByTestId('audit-action').selectOption({ label: 'Started an import' });
  await expect(page.getByTestId('audit-entry').first()).toContainText('Started an import');
  await expect(page.getByTestId('audit-entries')).toContainText('portal-export.csv');
  await expect(page.getByTestId('audit-entries')).not.toContainText('Signed in');
  await page.getByTestId('audit-action').selectOption({ label: 'Signed in' });
  await expect(page.getByTestId('audit-entry').first()).toContainText('Signed in');
  // A day with nothing recorded.
  await page.getByTestId('audit-from').fill('2001-01-01');
  await page.getByTestId('audit-to').fill('2001-01-02');
  await page.getByTestId('audit-to').dispatchEvent('change');
  await expect(page.getByTestId('audit-empty')).toBeVisible();
  await expectAccessible(page, 'Admin → Audit log');
});
