import { Routes } from '@angular/router';
import { AdminPage } from './admin-page';

import { EventNotificationsPage } from './event-notifications-page';
import { IntegrationsPage } from './integrations-page';
import { PipelineRulesPage } from './pipeline-rules-page';
import { SentMailPage } from './sent-mail-page';

export const adminRoutes: Routes = [
  { path: '', title: 'Admin · Openhouse', component: AdminPage },
  { path: 'pipeline', title: 'Pipeline rules · Openhouse', component: PipelineRulesPage },
  { path: 'integrations', title: 'Integrations · Openhouse', component: IntegrationsPage },
  { path: 'sent-mail', title: 'Sent mail · Openhouse', component: SentMailPage },
  { path: 'notifications', title: 'Event notifications · Openhouse', component: EventNotificationsPage },
];
