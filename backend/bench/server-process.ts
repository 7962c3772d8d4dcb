import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Starts a benchmark server script (server-app.js, server-bare.js) in its own process on `port`
 * and resolves once it says it is listening.
 */
export function startServer(script: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = fork(resolve(__dirname, script), [], { env: { ...process.env, PORT: String(port), DB_POOL_SIZE: '10', ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', () => ok(child));
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code}`)));
  });
}

export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise<void>((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}
