#!/usr/bin/env node
// Counts the test runners' JSON reports for .ci/run and prints the summary CI ends with.
//
//   node .ci/test-report.mjs --checks <passed>:<failed> \
//     --runner jest=<file>:<exit code> --runner vitest=<file>:<exit code> --runner playwright=<file>:<exit code>
//
// Every skipped test is printed with its name and its reason. A reason is Playwright's skip/fixme
// annotation description (`test.skip(cond, 'reason')`), or, for Jest and Vitest (whose reports
// carry none), a `[skipped: reason]` in the test's or a block's title (backend/test/conditional.ts
// writes it). A skip with no reason counts as a failure: nothing is skipped in CI silently.
// A report that is missing or unreadable counts as one failure; so does a non-zero exit code with
// no failed test in the report (a crash, a failed build step).
//
// The last two lines are `N passed, N failed, N skipped` and then `N passed, N failed` (the CI
// harness parses the very last line). Exit code 0 only when nothing failed.
import { readFileSync } from 'node:fs';

const REASON_IN_TITLE = /\[skipped: ([^\]]+)\]/;

/** One runner's report → {passed, failed, skipped: [{name, reason|null}]}. */
export function readReport(kind, text) {
  const r = JSON.parse(text);
  if (kind === 'jest' || kind === 'vitest') {
    const skipped = [];
    for (const file of r.testResults ?? []) {
      for (const a of file.assertionResults ?? []) {
        if (!['pending', 'skipped', 'todo', 'disabled'].includes(a.status)) continue;
        const name = [...(a.ancestorTitles ?? []), a.title].join(' › ');
        const reason = (typeof a.meta?.skipReason === 'string' && a.meta.skipReason) || REASON_IN_TITLE.exec(name)?.[1] || null;
        skipped.push({ name: `${shortFile(file.name)}: ${name}`, reason, todo: a.status === 'todo' });
      }
    }
    // A file that failed before its tests ran (an import error) adds one failure.
    const brokenFiles = kind === 'jest' ? (r.numRuntimeErrorTestSuites ?? 0) : filesFailedOnTheirOwn(r);
    return { passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + brokenFiles, skipped };
  }
  if (kind === 'playwright') {
    const skipped = [];
    let passed = 0;
    let failed = 0;
    const walk = (suite, titles) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests ?? []) {
          if (t.status === 'expected' || t.status === 'flaky') passed++;
          else if (t.status === 'unexpected') failed++;
          else if (t.status === 'skipped') {
            const notes = [...(t.annotations ?? []), ...(t.results ?? []).flatMap((res) => res.annotations ?? [])];
            const note = notes.find((n) => (n.type === 'skip' || n.type === 'fixme' || n.type === 'fail') && n.description);
            skipped.push({ name: [...titles, spec.title].filter(Boolean).join(' › ') + (t.projectName ? ` [${t.projectName}]` : ''), reason: note ? `${note.type}: ${note.description}` : null });
          }
        }
      }
      for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
    };
    for (const s of r.suites ?? []) walk(s, [s.title]);
    // A run that broke before its tests (a failed webServer, a config error) lists them in `errors`.
    if ((r.errors ?? []).length > 0 && failed === 0) failed = 1;
    return { passed, failed, skipped };
  }
  throw new Error(`unknown runner ${kind}`);
}

/** Vitest marks a file failed when one of its tests failed (and counts describe blocks as suites); only a failed file without a failed test broke on its own. */
function filesFailedOnTheirOwn(r) {
  return (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
}

function shortFile(path) {
  const i = String(path ?? '').search(/(backend|frontend)\//);
  return i >= 0 ? path.slice(i) : String(path ?? '');
}

/** The whole summary, as the lines CI prints; `ok` is false when anything failed. */
export function summarize(checks, runs) {
  const lines = [];
  let tp = 0;
  let tf = 0;
  let ts = 0;
  const parts = [];
  for (const { kind, text, exitCode } of runs) {
    let rep;
    try {
      rep = readReport(kind, text);
    } catch (e) {
      lines.push(`${kind}: no readable report (${e instanceof Error ? e.message.split('\n')[0] : e}); counted as 1 failed`);
      rep = { passed: 0, failed: 1, skipped: [] };
    }
    let failed = rep.failed;
    if (exitCode !== 0 && failed === 0) {
      lines.push(`${kind}: exited with ${exitCode} but reported no failed test; counted as 1 failed`);
      failed = 1;
    }
    const unexplained = rep.skipped.filter((s) => !s.reason && !s.todo);
    for (const s of rep.skipped) {
      lines.push(`skipped (${kind}): ${s.name} — ${s.reason ? s.reason : s.todo ? 'todo: not written yet' : 'NO REASON GIVEN (counted as failed)'}`);
    }
    failed += unexplained.length;
    parts.push(`${kind}: ${rep.passed} passed, ${failed} failed, ${rep.skipped.length} skipped`);
    tp += rep.passed;
    tf += failed;
    ts += rep.skipped.length;
  }
  lines.push(parts.join('; '));
  lines.push(`tests: ${tp} passed, ${tf} failed, ${ts} skipped; checks: ${checks.passed} passed, ${checks.failed} failed`);
  const passed = checks.passed + tp;
  const failed = checks.failed + tf;
  lines.push(`${passed} passed, ${failed} failed, ${ts} skipped`);
  lines.push(`${passed} passed, ${failed} failed`);
  return { lines, ok: failed === 0 };
}

function main(argv) {
  let checks = { passed: 0, failed: 0 };
  const runs = [];
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--checks') {
      const [p, f] = value.split(':').map(Number);
      checks = { passed: p || 0, failed: f || 0 };
    } else if (flag === '--runner') {
      const m = /^(jest|vitest|playwright)=(.*):(-?\d+)$/.exec(value);
      if (!m) throw new Error(`bad --runner ${value}`);
      let text = '';
      try {
        text = readFileSync(m[2], 'utf8');
      } catch {
        text = '';
      }
      runs.push({ kind: m[1], text, exitCode: Number(m[3]) });
    } else {
      throw new Error(`unknown argument ${flag}`);
    }
  }
  const { lines, ok } = summarize(checks, runs);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    // Exit code 2: .ci/run tells a broken counter from failed tests.
    process.stderr.write(`test-report: ${e instanceof Error ? e.message : e}\n`);
    process.exitCode = 2;
  }
}
