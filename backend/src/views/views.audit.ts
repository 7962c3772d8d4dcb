import { defineAuditActions } from '../core/audit/audit-trail';

declare module '../core/audit/audit-trail' {
  interface AuditActions {
    'view.deleted': true;
  }
}

/** The audit-log actions this feature writes. */
export const VIEWS_AUDIT_ACTIONS = defineAuditActions(['view.deleted']);
