import { UserRole } from './roles';

/** Who is making the request, as the services see it. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  /** The team the user belongs to (team leads see their team's leads); null when none. */
  team?: string | null;
  /** How they proved it. */
  via: 'jwt' | 'api_key';
  /** The key used, when `via` is `api_key` (rate limits count per key). */
  apiKeyId?: string;
}

export const isAdmin = (u: AuthUser) => u.role === UserRole.Admin;
