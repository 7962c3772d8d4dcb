import { defineAuditActions } from '../core/audit/audit-trail';

declare module '../core/audit/audit-trail' {
  interface AuditActions {
    'time_off.deleted': true;
    'calendar_feed.revoked': true;
  }
}

/** The audit-log actions this feature writes. */
export const VIEWINGS_AUDIT_ACTIONS = defineAuditActions(['time_off.deleted', 'calendar_feed.revoked']);
