import { defineAuditActions } from '../core/audit/audit-trail';

declare module '../core/audit/audit-trail' {
  interface AuditActions {
    'import.started': true;
    'import.finished': true;
  }
}

/** The audit-log actions this feature writes. */
export const IMPORTS_AUDIT_ACTIONS = defineAuditActions(['import.started', 'import.finished']);
