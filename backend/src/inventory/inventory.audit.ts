import { defineAuditActions } from '../core/audit/audit-trail';

declare module '../core/audit/audit-trail' {
  interface AuditActions {
    'unit.deleted': true;
    'photo.deleted': true;
  }
}

/** The audit-log actions this feature writes. */
export const INVENTORY_AUDIT_ACTIONS = defineAuditActions(['unit.deleted', 'photo.deleted']);
