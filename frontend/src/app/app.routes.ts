import { Routes } from '@angular/router';
import { adminGuard, signedInGuard } from './core/auth-guards';
import { Shell } from './core/shell';

export const routes: Routes = [
  { path: 'sign-in', title: 'Sign in · Openhouse', loadComponent: () => import('./sign-in/sign-in-page').then((m) => m.SignInPage) },
  {
    path: '',
    component: Shell,
    canActivate: [signedInGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'inbox' },
      { path: 'inbox', loadChildren: () => import('./inbox/inbox.routes').then((m) => m.inboxRoutes) },
      { path: 'leads', loadChildren: () => import('./lead-detail/lead-detail.routes').then((m) => m.leadDetailRoutes) },
      { path: 'chat', loadChildren: () => import('./chat/chat.routes').then((m) => m.chatRoutes) },
      { path: 'inventory', loadChildren: () => import('./inventory/inventory.routes').then((m) => m.inventoryRoutes) },
      { path: 'admin', canActivate: [adminGuard], loadChildren: () => import('./admin/admin.routes').then((m) => m.adminRoutes) },
    ],
  },
  { path: '**', redirectTo: '' },
];
