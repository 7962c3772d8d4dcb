import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Issue 14 point 9: `.ci/run`'s counting, on reports saved from real Jest, Vitest and Playwright
 * runs (backend/test/fixtures/ci: one passed, one failed, skips with and without a reason, a todo,
 * a flaky retry each). Every skipped test is printed with its reason; one without a reason fails CI;
 * the last two lines are `N passed, N failed, N skipped` and `N passed, N failed`.
 */
type Summarize = (checks: { passed: number; failed: number }, runs: { kind: string; text: string; exitCode: number }[]) => { lines: string[]; ok: boolean };

const fixture = (name: string) => readFileSync(resolve(__dirname, 'fixtures', 'ci', `${name}.json`), 'utf8');
/** A report with its failures and reason-less skips taken out, as a healthy run would write it. */
function healthy(kind: string): string {
  const r = JSON.parse(fixture(kind));
  if (kind === 'playwright') {
    for (const s of r.suites) s.specs = s.specs.filter((sp: { title: string }) => ['passes', 'skipped with reason', 'flaky once'].includes(sp.title));
    r.errors = [];
  } else {
    for (const f of r.testResults) {
      f.assertionResults = f.assertionResults.filter((a: { status: string; title: string; ancestorTitles?: string[] }) => a.status === 'passed' || /\[skipped: /.test(a.title) || a.ancestorTitles?.some((t: string) => /\[skipped: /.test(t)));
      f.status = 'passed';
    }
    r.numFailedTests = 0;
    r.numRuntimeErrorTestSuites = 0;
  }
  return JSON.stringify(r);
}

describe('.ci/test-report.mjs (the counting in .ci/run)', () => {
  let summarize: Summarize;
  beforeAll(async () => {
    ({ summarize } = (await import(pathToFileURL(resolve(__dirname, '..', '..', '.ci', 'test-report.mjs')).href)) as { summarize: Summarize });
  });

  const runs = (exitCode = 1) => ['jest', 'vitest', 'playwright'].map((kind) => ({ kind, text: fixture(kind), exitCode }));

  it('prints every skipped test with its name and reason, and flags those without one', () => {
    const { lines } = summarize({ passed: 9, failed: 0 }, runs());
    const skipped = lines.filter((l) => l.startsWith('skipped ('));
    expect(skipped).toEqual([
      'skipped (jest): backend/test/s.spec.js: suite › skipped plainly — NO REASON GIVEN (counted as failed)',
      'skipped (jest): backend/test/s.spec.js: suite › skipped with reason [skipped: needs root] — needs root',
      'skipped (jest): backend/test/s.spec.js: suite › a todo — todo: not written yet',
      'skipped (jest): backend/test/s.spec.js: whole block [skipped: no REDIS_URL] › inner — no REDIS_URL',
      'skipped (vitest): frontend/src/app/s.test.js: suite › skipped plainly — NO REASON GIVEN (counted as failed)',
      'skipped (vitest): frontend/src/app/s.test.js: suite › skipped at run time — NO REASON GIVEN (counted as failed)',
      'skipped (vitest): frontend/src/app/s.test.js: suite › skipIf — NO REASON GIVEN (counted as failed)',
      'skipped (vitest): frontend/src/app/s.test.js: suite › a todo — todo: not written yet',
      'skipped (playwright): s.spec.ts › skipped plainly — NO REASON GIVEN (counted as failed)',
      'skipped (playwright): s.spec.ts › skipped with reason — skip: needs a mail server',
      'skipped (playwright): s.spec.ts › fixme — NO REASON GIVEN (counted as failed)',
    ]);
  });

  it('ends with "N passed, N failed, N skipped" and then exactly "N passed, N failed"', () => {
    const { lines, ok } = summarize({ passed: 9, failed: 0 }, runs());
    // passed: 9 checks + jest 1 + vitest 1 + playwright 2 (one flaky, passed on retry).
    // failed: one real failure per runner + skips without a reason (jest 1, vitest 3, playwright 2).
    // skipped: jest 4 (a todo included), vitest 4, playwright 3.
    expect(lines.slice(-3)).toEqual(['tests: 4 passed, 9 failed, 11 skipped; checks: 9 passed, 0 failed', '13 passed, 9 failed, 11 skipped', '13 passed, 9 failed']);
    expect(lines).toContain('jest: 1 passed, 2 failed, 4 skipped; vitest: 1 passed, 4 failed, 4 skipped; playwright: 2 passed, 3 failed, 3 skipped');
    expect(ok).toBe(false);
  });

  it('a run whose skips all give a reason passes, and still reports them', () => {
    const { lines, ok } = summarize({ passed: 9, failed: 0 }, ['jest', 'vitest', 'playwright'].map((kind) => ({ kind, text: healthy(kind), exitCode: 0 })));
    expect(lines.slice(-2)).toEqual(['13 passed, 0 failed, 3 skipped', '13 passed, 0 failed']);
    expect(ok).toBe(true);
  });

  it('a missing report, or a non-zero exit with no failed test, counts as a failure', () => {
    const { lines } = summarize({ passed: 1, failed: 1 }, [
      { kind: 'jest', text: '', exitCode: 1 },
      { kind: 'vitest', text: healthy('vitest'), exitCode: 1 },
      { kind: 'playwright', text: healthy('playwright'), exitCode: 0 },
    ]);
    expect(lines[0]).toMatch(/^jest: no readable report .*counted as 1 failed$/);
    expect(lines).toContain('vitest: exited with 1 but reported no failed test; counted as 1 failed');
    expect(lines.slice(-2)).toEqual(['4 passed, 3 failed, 1 skipped', '4 passed, 3 failed']);
  });
});
