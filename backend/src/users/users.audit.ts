import { defineAuditActions } from '../core/audit/audit-trail';

declare module '../core/audit/audit-trail' {
  interface AuditActions {
    'user.created': true;
    'user.updated': true;
    'user.password_reset': true;
    'api_key.created': true;
    'api_key.revoked': true;
  }
}

/** The audit-log actions this feature writes. */
export const USERS_AUDIT_ACTIONS = defineAuditActions(['user.created', 'user.updated', 'user.password_reset', 'api_key.created', 'api_key.revoked']);
