/**
 * What the audit log records. Each feature adds the actions it writes in its own `<feature>.audit.ts`
 * (declaration merging, like the jobs); core adds its own here (signing in, settings). The names are
 * part of the admin API's filters: add, never rename. docs/IMPORT.md ("Audit log") lists what each
 * one carries.
 */
export interface AuditActions {
  'auth.signed_in': true;
  'auth.sign_in_failed': true;
  'auth.password_changed': true;
  'api_key.used': true;
  'settings.changed': true;
}
export type AuditAction = keyof AuditActions;

/** The actions a feature writes, listed for the audit log's filters. */
export function defineAuditActions<const A extends AuditAction>(actions: readonly A[]): readonly A[] {
  return actions;
}

export const CORE_AUDIT_ACTIONS = defineAuditActions(['auth.signed_in', 'auth.sign_in_failed', 'auth.password_changed', 'api_key.used', 'settings.changed']);

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
