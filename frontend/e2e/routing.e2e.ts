import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { apiToken } from './helpers';

/**
 * Routing in Chromium against the real API (issue 16, point 5): an agent claims from the pond and
 * is told in words when someone else was quicker; an admin deactivating an agent who holds open
 * leads is told how many and hands them on by the routing rules.
 */

const uniq = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

async function newAgent(request: APIRequestContext, auth: Record<string, string>, name: string): Promise<{ id: string; token: string; email: string }> {
  const email = `${name.split(' ')[0].toLowerCase()}.${uniq()}@openhouse.local`;
  const created = await request.post('/api/users', { headers: auth, data: { name, email, role: 'agent', password: 'user-password-1' } });
  expect(created.status()).toBe(201);
  const login = await request.post('/api/auth/login', { data: { email, password: 'user-password-1' } });
  return { id: ((await created.json()) as { id: string }).id, token: ((await login.json()) as { accessToken: string }).accessToken, email };
}

async function newLead(request: APIRequestContext, auth: Record<string, string>, name: string, assigneeId?: string): Promise<string> {
  const res = await request.post('/api/leads', { headers: auth, data: { contact: { name, phone: `+1206555${String(Math.floor(Math.random() * 9000) + 1000)}` }, source: 'phone', ...(assigneeId ? { assigneeId } : {}) } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const signInAs = (page: Page, token: string) => page.addInitScript((t) => localStorage.setItem('openhouse.token', t), token);

test('the pond: an agent claims a lead nobody has; when someone else was quicker, the page says so', async ({ page }) => {
  const admin = { Authorization: `Bearer ${await apiToken(page)}` };
  const mia = await newAgent(page.request, admin, 'Mia Pond');
  const noah = await newAgent(page.request, admin, 'Noah Quick');
  const tag = uniq();
  const quick = await newLead(page.request, admin, `Quinn Pond ${tag}`);
  const mine = await newLead(page.request, admin, `Pia Pond ${tag}`);
  await newLead(page.request, admin, `Noahs Own ${tag}`, noah.id);

  await signInAs(page, mia.token);
  await page.goto('/inbox');
  await page.getByRole('link', { name: 'The pond', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'The pond' })).toBeVisible();
  const pond = page.getByTestId('pond');
  await expect(pond.getByRole('link', { name: `Quinn Pond ${tag}` })).toBeVisible();
  await expect(pond.getByRole('link', { name: `Pia Pond ${tag}` })).toBeVisible();
  // Another agent's lead is not in the pond (and not visible to Mia at all).
  await expect(pond.getByText(`Noahs Own ${tag}`)).toHaveCount(0);

  // Noah claims Quinn while Mia's page still shows it: Mia's claim is the second, and the page says so.
  expect((await page.request.post(`/api/leads/${quick}/claim`, { headers: { Authorization: `Bearer ${noah.token}` } })).status()).toBe(200);
  await page.getByRole('button', { name: `Claim Quinn Pond ${tag}` }).click();
  await expect(page.getByTestId('claim-outcome')).toContainText(`Someone else claimed Quinn Pond ${tag} first. It is theirs now, so it has left the pond.`);
  await expect(pond.getByRole('link', { name: `Quinn Pond ${tag}` })).toHaveCount(0);

  // Mia claims Pia first: it is hers, and the lead page says so.
  await page.getByRole('button', { name: `Claim Pia Pond ${tag}` }).click();
  await expect(page.getByTestId('claim-outcome')).toContainText(`Pia Pond ${tag} is yours now.`);
  await page.getByRole('link', { name: `Open Pia Pond ${tag}` }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${mine}$`));
  await expect(page.getByText(`Claimed from the pond by Mia Pond`)).toBeVisible();
});

test('deactivating an agent with open leads says how many and hands them on by the routing rules', async ({ page }) => {
  const token = await apiToken(page);
  const admin = { Authorization: `Bearer ${token}` };
  const ivy = await newAgent(page.request, admin, 'Ivy Leaving');
  const tag = uniq();
  const leads = [await newLead(page.request, admin, `Hand On A ${tag}`, ivy.id), await newLead(page.request, admin, `Hand On B ${tag}`, ivy.id)];

  await signInAs(page, token);
  await page.goto('/admin');
  await page.getByTestId(`active-${ivy.email}`).getByRole('switch').click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog.getByTestId('open-leads')).toContainText('Ivy Leaving has 2 open leads. Hand them on to other agents by the routing rules?');
  await dialog.getByRole('button', { name: 'Hand on the leads and deactivate' }).click();
  await expect(page.getByText(/Ivy Leaving is deactivated\. (2 leads handed on \(.+\)\.|\d lead.*pond\.)/).first()).toBeVisible();

  // Nothing is left with Ivy; each lead's timeline says which rule (or the pond) took it, and why.
  expect(((await (await page.request.get(`/api/pipeline/routing/agents/${ivy.id}`, { headers: admin })).json()) as { openLeads: number }).openLeads).toBe(0);
  for (const id of leads) {
    const lead = (await (await page.request.get(`/api/leads/${id}`, { headers: admin })).json()) as { assignee: { id: string } | null; timeline: { type: string; summary: string }[] };
    expect(lead.assignee?.id).not.toBe(ivy.id);
    expect(lead.timeline.find((e) => e.type === 'assigned')?.summary).toMatch(/(by the routing rule ".+"|^Put in the pond: .+) \(redistributed from Ivy Leaving by .+\)$/);
  }
});
