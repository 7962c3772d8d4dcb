import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, ElementRef, inject, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { NotificationBell } from '../notifications/notification-bell';
import { AuthStore } from './auth-store';

/** The frame around every signed-in page: top bar, navigation (a drawer on phones), content. */
@Component({
  selector: 'oh-shell',
  // Navigation is a plain list of links: Material's list module would bring its selection list and
  // with it all of @angular/forms (~100 kB together) into the first download of every page.
  imports: [MatToolbarModule, MatSidenavModule, MatIconModule, MatButtonModule, MatTooltipModule, RouterOutlet, RouterLink, RouterLinkActive, NotificationBell],
  templateUrl: './shell.html',
  styleUrl: './shell.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly drawer = viewChild.required<MatSidenav>('drawer');
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');
  protected readonly narrow = toSignal(inject(BreakpointObserver).observe('(max-width: 840px)').pipe(map((s) => s.matches)), { initialValue: false });

  protected readonly links = [
    { path: '/inbox', label: 'Inbox', icon: 'inbox' },
    { path: '/pipeline', label: 'Pipeline', icon: 'view_kanban' },
    { path: '/pond', label: 'The pond', icon: 'waves' },
    { path: '/tasks', label: 'My tasks', icon: 'task_alt' },
    { path: '/conversations', label: 'Conversations', icon: 'question_answer' },
    { path: '/chat', label: 'Chat', icon: 'forum' },
    { path: '/calendar', label: 'Calendar', icon: 'calendar_month' },
    { path: '/inventory', label: 'Inventory', icon: 'home_work' },
    { path: '/import', label: 'Import', icon: 'upload_file' },
    { path: '/analytics', label: 'Analytics', icon: 'insights' },
  ];

  /** With <base href="/">, "#main" would navigate to "/#main"; move focus instead. */
  protected skipToContent(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }

  protected closeOnNarrow(): void {
    if (this.narrow()) void this.drawer().close();
  }

  protected signOut(): void {
    this.auth.signOut();
    // Replace the page in history: Back goes to an earlier page, whose guard shows sign-in.
    void this.router.navigate(['/sign-in'], { replaceUrl: true });
  }
}
