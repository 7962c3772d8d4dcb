import { Injectable } from '@angular/core';

/**
 * What must be forgotten when someone signs out. Stores that outlive a page (provided in root)
 * register a reset here; the auth store runs them all on sign-out, so the next person to sign in
 * on this browser never sees the previous person's leads, views or searches, not even for a frame.
 * Page-level stores need none: they die with the signed-in shell.
 */
@Injectable({ providedIn: 'root' })
export class SessionReset {
  private readonly resets = new Set<() => void>();

  register(reset: () => void): void {
    this.resets.add(reset);
  }

  run(): void {
    for (const reset of this.resets) reset();
  }
}
