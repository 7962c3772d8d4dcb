import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnDestroy, OnInit } from '@angular/core';
import { MatBadgeModule } from '@angular/material/badge';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router } from '@angular/router';
import { NotificationDto } from '../api/models/notification-dto';
import { NotificationsStore } from './notifications-store';

/** The bell in the top bar: how many notifications I have not read, live, and a panel listing them. */
@Component({
  selector: 'oh-notification-bell',
  imports: [DatePipe, MatBadgeModule, MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule],
  template: `
    <button
      mat-icon-button
      type="button"
      data-testid="notification-bell"
      [matMenuTriggerFor]="panel"
      [attr.aria-label]="store.unread() ? store.unread() + ' unread notifications' : 'Notifications'"
      matTooltip="Notifications"
      [matBadge]="badge()"
      [matBadgeHidden]="!store.unread()"
      matBadgeColor="warn"
      matBadgeSize="small"
    >
      <mat-icon aria-hidden="true">notifications</mat-icon>
    </button>
    <mat-menu #panel="matMenu" class="notification-panel" xPosition="before">
      <div class="head" (click)="$event.stopPropagation()" (keydown)="$event.stopPropagation()" role="presentation">
        <strong>Notifications</strong>
        @if (store.unread()) {
          <button mat-button type="button" (click)="store.markAllRead()">Mark all read</button>
        }
      </div>
      @for (n of store.items(); track n.id) {
        <button mat-menu-item type="button" [class.unread]="!n.read" (click)="open(n)">
          <span class="text">{{ n.text }}</span>
          @if (n.excerpt) {
            <span class="excerpt">“{{ n.excerpt }}”</span>
          }
          <span class="when">{{ n.createdAt | date: 'short' }}</span>
        </button>
      } @empty {
        <p class="empty">Nothing new.</p>
      }
    </mat-menu>
  `,
  styles: [
    '.head { display: flex; align-items: center; justify-content: space-between; padding: 4px 16px; min-width: 280px; }',
    '.text { display: block; white-space: normal; } .excerpt, .when { display: block; font-size: 12px; opacity: 0.75; white-space: normal; }',
    '.unread .text { font-weight: 600; } .empty { padding: 8px 16px; margin: 0; }',
    '[mat-menu-item] { height: auto; min-height: 48px; padding-top: 6px; padding-bottom: 6px; line-height: 1.3; }',
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationBell implements OnInit, OnDestroy {
  protected readonly store = inject(NotificationsStore);
  private readonly router = inject(Router);

  ngOnInit(): void {
    this.store.follow();
  }

  ngOnDestroy(): void {
    this.store.stop();
  }

  protected badge(): string {
    const n = this.store.unread();
    return n > 99 ? '99+' : String(n);
  }

  protected open(n: NotificationDto): void {
    void this.store.markRead(n);
    if (n.leadId) void this.router.navigate(['/leads', n.leadId]);
  }
}
