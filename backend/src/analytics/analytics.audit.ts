import { defineAuditActions } from '../core/audit/audit-trail';

declare module '../core/audit/audit-trail' {
  interface AuditActions {
    'analytics.source_costs_replaced': true;
  }
}

/** The audit-log actions this feature writes. */
export const ANALYTICS_AUDIT_ACTIONS = defineAuditActions(['analytics.source_costs_replaced']);
