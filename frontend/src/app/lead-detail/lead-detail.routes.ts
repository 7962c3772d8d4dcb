import { Routes } from '@angular/router';
import { LeadDetailPage } from './lead-detail-page';

export const leadDetailRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: '/inbox' },
  { path: 'new', title: 'New lead · Openhouse', loadComponent: () => import('./new-lead-page').then((m) => m.NewLeadPage) },
  { path: ':id', title: 'Lead · Openhouse', component: LeadDetailPage },
];
