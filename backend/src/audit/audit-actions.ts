import { AuditAction, CORE_AUDIT_ACTIONS } from '../core/audit/audit-trail';
import { ANALYTICS_AUDIT_ACTIONS } from '../analytics/analytics.audit';
import { DEDUP_AUDIT_ACTIONS } from '../dedup/dedup.audit';
import { IMPORTS_AUDIT_ACTIONS } from '../imports/imports.audit';
import { INTEGRATIONS_AUDIT_ACTIONS } from '../integrations/integrations.audit';
import { INVENTORY_AUDIT_ACTIONS } from '../inventory/inventory.audit';
import { LEADS_AUDIT_ACTIONS } from '../leads/leads.audit';
import { USERS_AUDIT_ACTIONS } from '../users/users.audit';
import { VIEWINGS_AUDIT_ACTIONS } from '../viewings/viewings.audit';
import { VIEWS_AUDIT_ACTIONS } from '../views/views.audit';

/** Every action the audit log can hold, for its filters and the API's enum: core's and each feature's own. */
export const AUDIT_ACTIONS = [...CORE_AUDIT_ACTIONS, ...USERS_AUDIT_ACTIONS, ...LEADS_AUDIT_ACTIONS, ...IMPORTS_AUDIT_ACTIONS, ...DEDUP_AUDIT_ACTIONS, ...INVENTORY_AUDIT_ACTIONS, ...INTEGRATIONS_AUDIT_ACTIONS, ...VIEWS_AUDIT_ACTIONS, ...ANALYTICS_AUDIT_ACTIONS, ...VIEWINGS_AUDIT_ACTIONS];

// An action a feature declared but did not list fails the build here.
type Unlisted = Exclude<AuditAction, (typeof AUDIT_ACTIONS)[number]>;
export const everyAuditActionListed: [Unlisted] extends [never] ? true : { unlisted: Unlisted } = true;
