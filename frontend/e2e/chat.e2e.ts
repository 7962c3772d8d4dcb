import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signInFast } from './helpers';

test.describe.configure({ mode: 'serial' });

test('chats as the lead: the reply streams in with a tool pill and unit cards, and survives a dropped stream', async ({ page }) => {
  await signInFast(page);
  await page.goto('/chat');
  await page.getByRole('button', { name: 'Start a web chat' }).click();
  await expect(page).toHaveURL(/session=/);
  await expect(page.getByTestId('chat-mode')).toHaveText(/Assistant answering/);

  // Watch the assistant's bubble grow while the stream is open.
  const lengths: number[] = [];
  await page.exposeFunction('recordLength', (n: number) => lengths.push(n));
  await page.evaluate(() => {
    const log = document.querySelector('[data-testid="chat-log"]')!;
    new MutationObserver(() => {
      const bubbles = log.querySelectorAll('.assistant [data-testid="bubble"]');
      const last = bubbles[bubbles.length - 1];
      if (last) void (window as unknown as { recordLength(n: number): void }).recordLength(last.textContent?.length ?? 0);
    }).observe(log, { subtree: true, childList: true, characterData: true });
  });

  await page.getByTestId('chat-input').fill('Hi, I want to buy a 3 bedroom house in Ballard, budget up to 900k');
  await page.getByTestId('chat-input').press('Enter');
  const pill = page.getByTestId('tool-pill').filter({ hasText: 'Looked for homes' });
  await expect(pill).toBeVisible();
  await expect(pill.locator('oh-unit-card').first()).toContainText('Ballard');
  const reply = page.locator('.assistant [data-testid="bubble"]').last();
  await expect(reply).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  await expect(reply).not.toBeEmpty();
  // The text arrived in pieces, not all at once.
  expect(new Set(lengths.filter((n) => n > 0)).size).toBeGreaterThan(1);
  await expectAccessible(page, 'chat');
  await screenshot(page, 'chat');

  // Drop the stream mid-turn: the page re-reads the conversation and shows the finished reply.
  const before = await page.locator('.assistant [data-testid="bubble"]').count();
  await page.route('**/api/agent/turn', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    // Only the first frames reach the page, then the connection ends.
    await route.fulfill({ response, body: body.split('\n\n').slice(0, 2).join('\n\n') + '\n\n' });
  });
  await page.getByTestId('chat-input').fill('Does it need to have a garden? Yes, a garden please.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.assistant [data-testid="bubble"]')).toHaveCount(before + 1, { timeout: 20_000 });
  await expect(page.locator('.assistant [data-testid="bubble"]').last()).toHaveAttribute('aria-busy', 'false');
  await expect(page.locator('.assistant [data-testid="bubble"]').last()).not.toBeEmpty();
  await page.unroute('**/api/agent/turn');
});

test('takes the conversation over, replies as a person, and releases it', async ({ page }) => {
  await signInFast(page);
  await page.goto('/inbox');
  await page.getByTestId('lead-row').first().click();
  await page.getByRole('main').getByRole('link', { name: 'Chat', exact: true }).click();
  await expect(page).toHaveURL(/session=/);
  await page.getByRole('button', { name: 'Take over' }).click();
  await expect(page.getByTestId('chat-mode')).toContainText('Held by');
  await page.getByLabel(/Reply as/).fill('Hi, this is the team — I can show you homes on Saturday.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.human [data-testid="bubble"]').last()).toContainText('Saturday');
  await page.getByRole('button', { name: 'Release to assistant' }).click();
  await expect(page.getByTestId('chat-mode')).toHaveText(/Assistant answering/);

  // Another conversation with the same lead, then back to this one from the list.
  const first = new URL(page.url()).searchParams.get('session');
  const links = page.getByTestId('chat-session');
  const before = await links.count();
  await page.getByRole('button', { name: 'New conversation' }).click();
  await expect(links).toHaveCount(before + 1);
  await expect(page).not.toHaveURL(new RegExp(`session=${first}`));
  await expect(page.getByText('No messages yet')).toBeVisible();
  await expect(links.first()).toHaveAttribute('aria-current', 'page');
  await page.locator(`[data-testid="chat-session"][href*="${first}"]`).click();
  await expect(page).toHaveURL(new RegExp(`session=${first}`));
  await expect(page.locator('.human [data-testid="bubble"]').last()).toContainText('Saturday');
});
