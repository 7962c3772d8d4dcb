import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

/** A server error in its own words, with an optional retry. */
@Component({
  selector: 'oh-error-banner',
  imports: [MatIconModule, MatButtonModule],
  template: `
    <div class="banner" role="alert">
      <mat-icon aria-hidden="true">error</mat-icon>
      <span class="text">{{ message() }}</span>
      @if (retryable()) {
        <button mat-button type="button" (click)="retry.emit()">Retry</button>
      }
    </div>
  `,
  styles: `
    .banner { display: flex; align-items: center; gap: 8px; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); margin: 8px 0; }
    .text { flex: 1; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ErrorBanner {
  readonly message = input.required<string>();
  readonly retryable = input(false);
  readonly retry = output<void>();
}
