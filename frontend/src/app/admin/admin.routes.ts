import { Routes } from '@angular/router';
import { AdminPage } from './admin-page';

export const adminRoutes: Routes = [{ path: '', title: 'Admin · Openhouse', component: AdminPage }];
