import { defineAuditActions } from '../core/audit/audit-trail';

declare module '../core/audit/audit-trail' {
  interface AuditActions {
    'export.leads': true;
    'lead.deleted': true;
    'leads.redistributed': true;
  }
}

/** The audit-log actions this feature writes. */
export const LEADS_AUDIT_ACTIONS = defineAuditActions(['export.leads', 'lead.deleted', 'leads.redistributed']);
