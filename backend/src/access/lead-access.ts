import { AuthUser, isAdmin } from '../core/auth/auth-user';

/**
 * Who may see and change a lead, in one place for every feature. Admins see every lead; an agent
 * sees the leads assigned to them and the unassigned pool. Anything else answers like a lead that
 * does not exist (404), for reads and writes alike. The rule has two forms that must agree: SQL
 * for queries (`leadVisibleSql`) and TypeScript for a lead already in hand (`canSeeLead`).
 */
export interface LeadScope {
  userId: string;
  /** Admins: no restriction. */
  all: boolean;
}

export const scopeOf = (user: AuthUser): LeadScope => ({ userId: user.id, all: isAdmin(user) });

/**
 * The rule in SQL, for a restricted scope (callers add it only when `!scope.all`). `alias` is the
 * leads table's alias; `userParam` the placeholder that holds the user id (`$3`, `:uid`).
 */
export const leadVisibleSql = (alias: string, userParam: string) => `(${alias}.assignee_id = ${userParam} OR ${alias}.assignee_id IS NULL)`;

/** The rule in TypeScript: may someone in `scope` see (and so change) a lead with this assignee? */
export const canSeeLead = (scope: LeadScope, lead: { assigneeId: string | null }): boolean =>
  scope.all || lead.assigneeId === null || lead.assigneeId === scope.userId;
