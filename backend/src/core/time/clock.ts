import { readFileSync, unwatchFile, watchFile } from 'node:fs';

/**
 * What time it is, for rules that depend on it (SLA timers): injected, so tests move time
 * forward instead of waiting. Production always gets the system clock.
 */
export abstract class Clock {
  abstract now(): Date;
  /** Calls `listener` when time jumps (only a test clock does). Returns how to stop listening. */
  onJump(_listener: () => void): () => void {
    return () => undefined;
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * Browser tests only (`TEST_CLOCK_FILE`, refused with NODE_ENV=production by the env check): real
 * time plus an offset in milliseconds that the test writes to a file, so the API and its worker
 * processes agree on the time; a change of the file is a jump.
 */
export class FileShiftedClock extends Clock {
  constructor(private readonly file: string) {
    super();
  }

  now(): Date {
    return new Date(Date.now() + this.offset());
  }

  override onJump(listener: () => void): () => void {
    const watcher = () => listener();
    watchFile(this.file, { interval: 200 }, watcher);
    return () => unwatchFile(this.file, watcher);
  }

  private offset(): number {
    try {
      const n = Number(readFileSync(this.file, 'utf8').trim());
      return Number.isFinite(n) ? n : 0;
    } catch {
      return 0;
    }
  }
}

export const clockFor = (testClockFile: string | undefined): Clock => (testClockFile ? new FileShiftedClock(testClockFile) : new SystemClock());
