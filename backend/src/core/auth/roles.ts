/** What a signed-in person may do. Stored on each user (`users.role`); checked by the guard. */
export enum UserRole {
  Admin = 'admin',
  Agent = 'agent',
}
