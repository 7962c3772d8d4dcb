/** What a signed-in person may do. Stored on each user (`users.role`); checked by the guard. */
export enum UserRole {
  Admin = 'admin',
  Agent = 'agent',
  /** An agent who also sees and reassigns the leads of the agents in their team (`users.team`). */
  TeamLead = 'team_lead',
}
