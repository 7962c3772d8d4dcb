import { inject } from '@angular/core';
import { Routes } from '@angular/router';
import { adminGuard, signedInGuard } from './core/auth-guards';
import { AuthStore } from './core/auth-store';
import { Shell } from './core/shell';
import { InboxStore } from './inbox/inbox-store';
import { PipelineStore } from './pipeline/pipeline-store';

/**
 * Asks for the inbox's first page while the inbox code is still downloading (canMatch runs before
 * a lazy route loads), so the two overlap instead of queueing. The page then gets the same request.
 */
const startInboxRequest = () => {
  if (inject(AuthStore).signedIn()) inject(InboxStore).prime();
  return true;
};

/** The same for the board: its first page (under the inbox's filters, which the board applies) while its code downloads. */
const startBoardRequest = () => {
  if (inject(AuthStore).signedIn()) inject(PipelineStore).prime(inject(InboxStore).filters());
  return true;
};

export const routes: Routes = [
  { path: 'sign-in', title: 'Sign in · Openhouse', loadComponent: () => import('./sign-in/sign-in-page').then((m) => m.SignInPage) },
  // Public: the lead opens it from the link mailed after a viewing; the signed token is the only credential.
  { path: 'feedback/:token', title: 'Your viewing · Openhouse', loadComponent: () => import('./viewing-feedback/feedback-page').then((m) => m.FeedbackPage) },
  {
    path: '',
    component: Shell,
    canActivate: [signedInGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'inbox' },
      { path: 'inbox', canMatch: [startInboxRequest], loadChildren: () => import('./inbox/inbox.routes').then((m) => m.inboxRoutes) },
      { path: 'pipeline', canMatch: [startBoardRequest], loadChildren: () => import('./pipeline/pipeline.routes').then((m) => m.pipelineRoutes) },
      { path: 'pond', title: 'The pond · Openhouse', loadComponent: () => import('./pond/pond-page').then((m) => m.PondPage) },
      { path: 'tasks', loadChildren: () => import('./tasks/tasks.routes').then((m) => m.tasksRoutes) },
      { path: 'leads', loadChildren: () => import('./lead-detail/lead-detail.routes').then((m) => m.leadDetailRoutes) },
      { path: 'conversations', loadChildren: () => import('./conversations/conversations.routes').then((m) => m.conversationsRoutes) },
      { path: 'chat', loadChildren: () => import('./chat/chat.routes').then((m) => m.chatRoutes) },
      { path: 'calendar', loadChildren: () => import('./calendar/calendar.routes').then((m) => m.calendarRoutes) },
      { path: 'inventory', loadChildren: () => import('./inventory/inventory.routes').then((m) => m.inventoryRoutes) },
      { path: 'import', title: 'Import · Openhouse', loadComponent: () => import('./imports/import-page').then((m) => m.ImportPage) },
      { path: 'analytics', loadChildren: () => import('./analytics/analytics.routes').then((m) => m.analyticsRoutes) },
      { path: 'account', title: 'Your account · Openhouse', loadComponent: () => import('./account/account-page').then((m) => m.AccountPage) },
      { path: 'admin', canActivate: [adminGuard], loadChildren: () => import('./admin/admin.routes').then((m) => m.adminRoutes) },
    ],
  },
  { path: '**', redirectTo: '' },
];
