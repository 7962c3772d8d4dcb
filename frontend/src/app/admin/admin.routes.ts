import { Routes } from '@angular/router';
import { AdminPage } from './admin-page';

import { IntegrationsPage } from './integrations-page';

export const adminRoutes: Routes = [
  { path: '', title: 'Admin · Openhouse', component: AdminPage },
  { path: 'integrations', title: 'Integrations · Openhouse', component: IntegrationsPage },
];
