import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';

/**
 * Zero-setup `npm start` runs queue workers as child processes beside the API (separate processes,
 * as in production). A worker that dies is restarted after a pause that doubles up to 30 s.
 * stop() sends SIGTERM and waits, so running jobs finish first.
 */
export class WorkerSupervisor {
  private readonly logger = new Logger('Workers');
  private readonly children = new Set<ChildProcess>();
  private stopping = false;

  constructor(
    private readonly count: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly entry = resolve(__dirname, '..', 'main.worker.js'),
  ) {}

  start(): void {
    for (let i = 0; i < this.count; i++) this.spawn(1000);
  }

  private spawn(delay: number): void {
    const child = fork(this.entry, [], { env: this.env, stdio: 'inherit' });
    this.children.add(child);
    const startedAt = Date.now();
    child.once('exit', (code, signal) => {
      this.children.delete(child);
      if (this.stopping) return;
      // A worker that ran a while before dying gets a fresh back-off.
      const next = Date.now() - startedAt > 60_000 ? 1000 : Math.min(delay * 2, 30_000);
      this.logger.warn(`Worker ${child.pid} exited (${signal ?? code}); restarting in ${next / 1000} s`);
      setTimeout(() => !this.stopping && this.spawn(next), next).unref();
    });
  }

  async stop(timeoutMs = 30_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.children].map(
        (child) =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}
