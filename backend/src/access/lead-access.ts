import { AuthUser, isAdmin } from '../core/auth/auth-user';
import { UserRole } from '../core/auth/roles';

/**
 * Who may see and change a lead, in one place for every feature. Admins see every lead; an agent
 * sees the leads assigned to them and the unassigned pool; a team lead sees, besides, the leads of
 * every member of their team (users with the same `users.team`). Anything else answers like a lead
 * that does not exist (404), for reads and writes alike. The rule has two forms that must agree:
 * SQL for queries (`leadVisibleSql`) and TypeScript for a lead already in hand (`canSeeLead`).
 */
export interface LeadScope {
  userId: string;
  /** Admins: no restriction. */
  all: boolean;
  /** Team leads: the team whose members' leads they see too; absent or null for everyone else. */
  team?: string | null;
}

export const scopeOf = (user: AuthUser): LeadScope => ({
  userId: user.id,
  all: isAdmin(user),
  team: user.role === UserRole.TeamLead ? (user.team ?? null) : null,
});

/**
 * The rule in SQL, for a restricted scope (callers add it only when `!scope.all`). `alias` is the
 * leads table's alias; `userParam` the placeholder that holds the user id (`$3`, `:uid`). A team
 * lead's team is read from the database by their id, so the placeholder stays the only parameter
 * (and a team change applies at once); agents keep the plain form that the assignee index serves.
 */
export const leadVisibleSql = (scope: LeadScope, alias: string, userParam: string) =>
  !scope.team
    ? `(${alias}.assignee_id = ${userParam} OR ${alias}.assignee_id IS NULL)`
    : `(${alias}.assignee_id = ${userParam} OR ${alias}.assignee_id IS NULL OR ${alias}.assignee_id IN (` +
      `SELECT member.id FROM users member JOIN users lead_of_team ON lead_of_team.team = member.team ` +
      `WHERE lead_of_team.id = ${userParam} AND lead_of_team.role = '${UserRole.TeamLead}'))`;

/**
 * The rule in TypeScript: may someone in `scope` see (and so change) a lead with this assignee?
 * `assigneeTeam` is the assignee's team; it matters only for team leads.
 */
export const canSeeLead = (scope: LeadScope, lead: { assigneeId: string | null; assigneeTeam?: string | null }): boolean =>
  scope.all ||
  lead.assigneeId === null ||
  lead.assigneeId === scope.userId ||
  (!!scope.team && lead.assigneeTeam === scope.team);
