import { Routes } from '@angular/router';
import { LeadDetailPage } from './lead-detail-page';

export const leadDetailRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: '/inbox' },
  { path: ':id', title: 'Lead · Openhouse', component: LeadDetailPage },
];
