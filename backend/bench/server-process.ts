import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Starts a benchmark server script (server-app.js, server-bare.js) in its own process on `port`
 * and resolves once it says it is listening.
 */
/** A benchmark measures the server, not the request limits a deployment sets (they would answer 429 under load). */
export const NO_RATE_LIMITS = { RATE_LIMIT_AGENT_TURNS: '100000', RATE_LIMIT_SEARCH: '100000', RATE_LIMIT_LEAD_CREATE: '100000', RATE_LIMIT_PUBLIC: '100000', AUTH_FAILURE_LIMIT: '100000', LOGIN_RATE_LIMIT: '10000' };

export function startServer(script: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = fork(resolve(__dirname, script), [], { env: { ...process.env, PORT: String(port), DB_POOL_SIZE: '10', ...NO_RATE_LIMITS, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', () => ok(child));
    // Before it is listening. A signal is named: "exited with null" hid whether it was SIGKILL
    // (the kernel's OOM killer, or someone's kill) or SIGSEGV (a native crash).
    child.once('exit', (code, signal) => fail(new Error(`${script} exited before listening: ${signal ? `killed by ${signal}` : `exit code ${code}`}`)));
  });
}

export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise<void>((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}
