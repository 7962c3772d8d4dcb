import { defineAuditActions } from '../core/audit/audit-trail';

declare module '../core/audit/audit-trail' {
  interface AuditActions {
    'lead.merged': true;
    'merge.undone': true;
  }
}

/** The audit-log actions this feature writes. */
export const DEDUP_AUDIT_ACTIONS = defineAuditActions(['lead.merged', 'merge.undone']);
