/**
 * What the audit log records. The names are part of the admin API's filters: add, never rename.
 * docs/IMPORT.md ("Audit log") lists what each one carries.
 */
export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.password_changed',
  'user.created',
  'user.updated',
  'user.password_reset',
  'api_key.created',
  'api_key.used',
  'api_key.revoked',
  'export.leads',
  'import.started',
  'import.finished',
  'lead.merged',
  'merge.undone',
  'lead.deleted',
  'unit.deleted',
  'settings.changed',
  'integration.created',
  'integration.updated',
  'integration.deleted',
  'view.deleted',
  'analytics.source_costs_replaced',
  'leads.redistributed',
  'photo.deleted',
  'time_off.deleted',
  'calendar_feed.revoked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One thing someone did. Who/when/where are filled in by the trail: the caller says what. */
export interface AuditEntry {
  action: AuditAction;
  /** The person (or the person an API key acts for); null for a failed sign-in or the system. */
  actorId?: string | null;
  /** How to name the actor when there is no user id (the email typed at a failed sign-in). */
  actorLabel?: string | null;
  /** The API key used, when the call came through one. */
  apiKeyId?: string | null;
  /** What it was done to: a type ('user', 'lead', 'api_key', 'import', ...) and its id. */
  targetType?: string | null;
  targetId?: string | null;
  /** What changed: `{ field: { from, to } }`, or the facts of the action (filters of an export, counts of an import). Never secrets. */
  changes?: Record<string, unknown>;
}

/**
 * An admin replaced a set of settings (stage rules, routing rules, SLA timers and business hours):
 * which settings, by whom, and each setting as it was and as it is, in the words the admin pages
 * show. Nothing is recorded when the new set equals the old one.
 */
export function settingsChange(actor: { id: string; apiKeyId?: string | null }, settings: string, from: unknown, to: unknown): AuditEntry | null {
  if (JSON.stringify(from) === JSON.stringify(to)) return null;
  return { action: 'settings.changed', actorId: actor.id, apiKeyId: actor.apiKeyId ?? null, targetType: 'settings', targetId: settings, changes: { from, to } };
}

/**
 * The port through which every feature (and core's sign-in) writes to the audit log. The log is
 * append-only: rows are never changed or removed (the database refuses UPDATE and DELETE).
 * Implemented by the audit feature and handed to core by the app (`AuditTrailModule.forRoot`).
 */
export abstract class AuditTrail {
  /** Appends one entry, with the current request's address and user agent when there is one. */
  abstract record(entry: AuditEntry): Promise<void>;
}
