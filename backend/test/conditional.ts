/**
 * Tests that can only run somewhere (as root, with a Redis). Jest's report carries no reason for a
 * skip, so the reason goes into the title as `[skipped: …]`, which .ci/test-report.mjs prints (a
 * skip without one fails CI). The title is unchanged when the test runs.
 */
export function itIf(condition: boolean, reason: string): jest.It {
  return condition ? it : (((name: string, ...rest: unknown[]) => (it.skip as (...a: unknown[]) => void)(`${name} [skipped: ${reason}]`, ...rest)) as unknown as jest.It);
}

export function describeIf(condition: boolean, reason: string): jest.Describe {
  return condition ? describe : (((name: string, fn: () => void) => describe.skip(`${name} [skipped: ${reason}]`, fn)) as unknown as jest.Describe);
}
