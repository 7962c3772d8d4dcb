import { defineAuditActions } from '../core/audit/audit-trail';

declare module '../core/audit/audit-trail' {
  interface AuditActions {
    'integration.created': true;
    'integration.updated': true;
    'integration.deleted': true;
  }
}

/** The audit-log actions this feature writes. */
export const INTEGRATIONS_AUDIT_ACTIONS = defineAuditActions(['integration.created', 'integration.updated', 'integration.deleted']);
