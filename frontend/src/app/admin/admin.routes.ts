import { Routes } from '@angular/router';
import { AdminPage } from './admin-page';
import { DuplicatesPage } from './duplicates-page';
import { AuditPage } from './audit-page';

import { EventNotificationsPage } from './event-notifications-page';
import { IntegrationsPage } from './integrations-page';
import { PipelineRulesPage } from './pipeline-rules-page';
import { SlaSettingsPage } from './sla-settings-page';
import { RoutingRulesPage } from './routing-rules-page';
import { SentMailPage } from './sent-mail-page';

export const adminRoutes: Routes = [
  { path: '', title: 'Admin · Openhouse', component: AdminPage },
  { path: 'pipeline', title: 'Pipeline rules · Openhouse', component: PipelineRulesPage },
  { path: 'sla', title: 'Time limits · Openhouse', component: SlaSettingsPage },
  { path: 'routing', title: 'Who gets new leads · Openhouse', component: RoutingRulesPage },
  { path: 'integrations', title: 'Integrations · Openhouse', component: IntegrationsPage },
  { path: 'duplicates', title: 'Possible duplicates · Openhouse', component: DuplicatesPage },
  { path: 'sent-mail', title: 'Sent mail · Openhouse', component: SentMailPage },
  { path: 'audit', title: 'Audit log · Openhouse', component: AuditPage },
  { path: 'notifications', title: 'Event notifications · Openhouse', component: EventNotificationsPage },
];
