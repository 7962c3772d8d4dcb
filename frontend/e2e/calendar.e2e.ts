import { expect, Page, test } from '@playwright/test';
import { apiToken, expectAccessible, screenshot, signInFast } from './helpers';

// The agent's screen is in Los Angeles; the buyer lives in New York: the calendar shows Pacific
// times and says the lead's own time; bookings and moves are made in the lead's zone.
test.use({ timezoneId: 'America/Los_Angeles' });

const LEAD_ZONE = 'America/New_York';
const HOME = { type: 'house', purpose: 'sale', price: 650000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Fremont' };

/** The lead's calendar date `days` from now (YYYY-MM-DD). */
const leadDay = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: LEAD_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
const plusHour = (hhmm: string) => `${String(Number(hhmm.slice(0, 2)) + 1).padStart(2, '0')}:${hhmm.slice(3)}`;

async function openDay(page: Page, day: string): Promise<void> {
  await page.goto(`/calendar?view=day&date=${day}`);
  await page.getByRole('radio', { name: 'Team' }).click();
}

test('the calendar: see the week, book, move by drag and by keyboard, a conflict said before saving, cancel with a reason; the lead page lists it', async ({ page }) => {
  test.setTimeout(180_000);
  await signInFast(page);
  const headers = { authorization: `Bearer ${await apiToken(page)}` };
  const stamp = Date.now();
  const buyer = `Cal Buyer ${stamp}`;
  const lead = (await (await page.request.post('/api/leads', { headers, data: { contact: { name: buyer, email: `cal${stamp}@example.com`, timezone: LEAD_ZONE }, source: 'web' } })).json()) as { id: string };
  const homes = [`Calendar Cottage ${stamp}`, `Calendar Loft ${stamp}`];
  for (const [i, title] of homes.entries()) {
    expect((await page.request.post('/api/inventory', { headers, data: { ...HOME, title, ref: `CAL-${stamp}-${i}` } })).status()).toBe(201);
  }
  const day = leadDay(3);

  // The week, from the main navigation, labelled with the person's own zone.
  await page.goto('/inbox');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Calendar', level: 1 })).toBeVisible();
  await expect(page.locator('mwl-calendar-week-view')).toBeVisible();
  await expect(page.getByTestId('calendar-zone')).toContainText('Pacific Time');
  await expectAccessible(page, 'calendar week');

  // Book: a lead, a home, a free time of that day (the lead's zone); nothing in the way.
  const book = async (home: string) => {
    await page.getByRole('button', { name: 'Book a viewing' }).click();
    const panel = page.getByRole('dialog', { name: 'Book a viewing' });
    await panel.getByLabel('Find a lead').fill(buyer);
    await panel.getByRole('button', { name: 'Search leads' }).click();
    await panel.getByRole('button', { name: buyer, exact: true }).click();
    await panel.getByLabel('Find a home').fill(home);
    await panel.getByRole('button', { name: 'Search homes' }).click();
    await panel.getByRole('button', { name: home, exact: true }).click();
    await panel.getByTestId('slot-day').fill(day);
    await expect(panel.getByText('Free times (Eastern Time)')).toBeVisible();
    return panel.getByRole('group', { name: 'Free times' }).getByRole('button');
  };
  await openDay(page, day);
  const slots = await book(homes[0]);
  const first = (await slots.first().textContent())!.trim();
  await slots.first().click();
  const check = page.getByRole('dialog', { name: 'Check before saving' });
  await expect(check.getByTestId('no-conflicts')).toBeVisible();
  await check.getByRole('button', { name: 'Book it' }).click();
  await expect(page.getByTestId('calendar-notice')).toContainText(`Viewing booked: ${buyer}`);

  // On the day view, in Pacific time, with the lead's own time said.
  const event = page.locator('.cal-event', { hasText: buyer });
  await expect(event).toBeVisible();
  await expect(event).toContainText(`lead's time ${first}`);
  await screenshot(page, 'calendar-day');

  // Move by dragging it an hour down (two half-hour rows): checked, then saved on confirmation.
  const box = (await event.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 34, { steps: 6 });
  await page.mouse.move(box.x + box.width / 2, box.y + 64, { steps: 6 });
  await page.mouse.up();
  await expect(check).toContainText(`${homes[0]} to`);
  await expect(check).toContainText(plusHour(first));
  await expect(check.getByTestId('no-conflicts')).toBeVisible();
  await check.getByRole('button', { name: 'Move it' }).click();
  await expect(page.getByTestId('calendar-notice')).toContainText(`Viewing moved: ${buyer}`);
  await expect(event).toContainText(`lead's time ${plusHour(first)}`);

  // Move with the keyboard only: the viewing, "Move", a free time, confirm.
  await event.focus();
  await page.keyboard.press('Enter');
  const details = page.getByRole('dialog', { name: 'Viewing', exact: true });
  await expect(details).toContainText(buyer);
  await details.getByRole('button', { name: 'Move', exact: true }).focus();
  await page.keyboard.press('Enter');
  const move = page.getByRole('dialog', { name: 'Move viewing' });
  const free = move.getByRole('group', { name: 'Free times' }).getByRole('button');
  await expect(free.first()).toBeVisible();
  const last = (await free.last().textContent())!.trim();
  await free.last().focus();
  await page.keyboard.press('Enter');
  await expect(check).toContainText(last);
  await check.getByRole('button', { name: 'Move it' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('calendar-notice')).toContainText(`Viewing moved: ${buyer}`);
  await expect(event).toContainText(`lead's time ${last}`);

  // A second home for the same buyer at the same time: said before saving, and saving is not offered.
  const again = await book(homes[1]);
  await again.getByText(last, { exact: true }).click();
  await expect(check.getByTestId('conflicts')).toContainText(`${buyer} already has a viewing at that time: ${homes[0]}`);
  await expect(check.getByRole('button', { name: 'Book it' })).toBeDisabled();
  await check.getByRole('button', { name: 'Back' }).click();

  // The lead page lists it as upcoming, in the lead's time zone.
  await page.goto(`/leads/${lead.id}`);
  const upcoming = page.getByTestId('upcoming-viewings');
  await expect(upcoming).toContainText(homes[0]);
  await expect(upcoming).toContainText(last);
  await expect(upcoming).toContainText('Eastern Time');

  // Cancel, with a reason.
  await openDay(page, day);
  await event.click();
  await details.getByRole('button', { name: 'Cancel viewing' }).click();
  const cancel = page.getByRole('dialog', { name: 'Cancel viewing' });
  await expect(cancel.getByRole('button', { name: 'Cancel the viewing' })).toBeDisabled();
  await cancel.getByLabel('Reason').fill('The buyer found another home');
  await cancel.getByRole('button', { name: 'Cancel the viewing' }).click();
  await expect(page.getByTestId('calendar-notice')).toContainText(`Viewing cancelled: ${buyer}`);
  await expect(event).toContainText('(cancelled)');

  // The lead page: no longer upcoming, listed as past and cancelled; the timeline says why.
  await page.goto(`/leads/${lead.id}`);
  await expect(page.getByTestId('past-viewings')).toContainText(`${homes[0]} · cancelled`);
  await expect(page.getByTestId('lead-viewings')).toContainText('None booked.');
  await expect(page.getByText('The buyer found another home').first()).toBeVisible();
});
