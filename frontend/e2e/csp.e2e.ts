import { expect, Page, Request, test } from '@playwright/test';
import { signInFast } from './helpers';

/**
 * The SPA runs under the API's Content-Security-Policy header (issue 14 point 6): scripts only from
 * this origin and index.html's own inline loader by hash. The app works and the browser reports
 * no violation; an injected inline script is refused, so the policy is really in force.
 */

/** Every CSP violation the page reports, and console lines about one. */
async function watchViolations(page: Page): Promise<{ violations: () => Promise<string[]>; console: string[] }> {
  const consoleLines: string[] = [];
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) consoleLines.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  return {
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations ?? []),
    console: consoleLines,
  };
}

const scriptSrc = (csp: string | undefined) => (csp ?? '').split(/;\s*/).find((d) => d.startsWith('script-src ')) ?? '';

/**
 * Resolves once no request has been in flight for `quietMs`, leaving out live streams (the
 * notification bell keeps one open on every page, so Playwright's 'networkidle' never comes).
 */
function settled(page: Page, quietMs = 500): () => Promise<void> {
  const inFlight = new Set<Request>();
  const live = (r: Request) => r.resourceType() === 'eventsource' || /\/events(\?|$)/.test(new URL(r.url()).pathname);
  page.on('request', (r) => !live(r) && inFlight.add(r));
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  return async () => {
    let quietSince = Date.now();
    for (;;) {
      if (inFlight.size) quietSince = Date.now();
      else if (Date.now() - quietSince >= quietMs) return;
      await page.waitForTimeout(50);
    }
  };
}

test('the app loads and works under the CSP header with no violation', async ({ page }) => {
  const watch = await watchViolations(page);
  const quiet = settled(page);
  await signInFast(page);
  const res = await page.goto('/inbox');
  const csp = res?.headers()['content-security-policy'];
  expect(csp).toBeTruthy();
  expect(scriptSrc(csp)).toMatch(/^script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+$/);
  expect(csp).not.toContain('unsafe-eval');

  // Angular booted (its scripts ran), the inbox rendered, and a lead page opened (lazy chunks).
  await expect(page.getByTestId('lead-row').first()).toBeVisible();
  await page.getByTestId('lead-row').first().click();
  await expect(page).toHaveURL(/\/leads\//);
  await expect(page.getByRole('heading').first()).toBeVisible();
  await quiet();

  expect(await watch.violations()).toEqual([]);
  expect(watch.console).toEqual([]);
});

test('an injected inline script is refused (the policy is enforced, not just sent)', async ({ page }) => {
  const watch = await watchViolations(page);
  await page.goto('/sign-in');
  await expect(page.getByLabel('Email')).toBeVisible();
  const ran = await page.evaluate(async () => {
    const w = window as unknown as { __injected?: boolean };
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.appendChild(s);
    const img = document.createElement('img');
    img.setAttribute('src', 'data:,');
    img.setAttribute('onload', 'window.__injected = true');
    document.body.appendChild(img);
    await new Promise((r) => setTimeout(r, 200));
    return w.__injected === true;
  });
  expect(ran).toBe(false);
  expect((await watch.violations()).length).toBeGreaterThanOrEqual(2);
});

test('Swagger UI at /docs works under its own policy', async ({ page }) => {
  const watch = await watchViolations(page);
  const res = await page.goto('/docs');
  expect(scriptSrc(res?.headers()['content-security-policy'])).toBe("script-src 'self' 'unsafe-inline'");
  await expect(page.locator('.swagger-ui .info')).toBeVisible();
  expect(await watch.violations()).toEqual([]);
});
