import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { NotificationKind } from '../api/models/notification-kind';
import { NotificationsStore } from './notifications-store';

/** What each kind of notification is called on the Account page (SLA kinds appear once the time limits exist). */
const KIND_LABELS: Partial<Record<NotificationKind, string>> = {
  lead_assigned: 'A lead is assigned to me',
  new_message: 'A lead of mine sends a message',
  mentioned: 'Someone mentions me in a note',
  routing_no_agent: 'A new lead finds no agent and waits in the pond (admins)',
};

/** Which notifications I want, on the Account page. */
@Component({
  selector: 'oh-notification-settings-card',
  imports: [MatCardModule, MatSlideToggleModule],
  template: `
    <mat-card class="card" appearance="outlined">
      <mat-card-header><mat-card-title>Notifications</mat-card-title></mat-card-header>
      <mat-card-content>
        <p>Tell me when:</p>
        @for (s of shown(); track s.kind) {
          <div>
            <mat-slide-toggle [checked]="s.enabled" (change)="store.saveSetting({ kind: s.kind, enabled: $event.checked })">{{ label(s.kind) }}</mat-slide-toggle>
          </div>
        }
        @if (store.error(); as error) {
          <p class="error" role="alert">{{ error }}</p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: ['.card { margin-top: 16px; } .error { color: var(--mat-sys-error); } div { margin: 8px 0; }'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationSettingsCard implements OnInit {
  protected readonly store = inject(NotificationsStore);

  ngOnInit(): void {
    void this.store.loadSettings();
  }

  protected shown() {
    return this.store.settings().filter((s) => KIND_LABELS[s.kind]);
  }

  protected label(kind: NotificationKind): string {
    return KIND_LABELS[kind] ?? '';
  }
}
