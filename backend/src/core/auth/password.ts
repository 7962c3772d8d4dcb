import { hash, verify } from 'argon2';

export const hashPassword = (plain: string) => hash(plain, { type: 2 /* argon2id */ });

// Verified against when the email is unknown, so a login takes as long either way.
const DUMMY = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$0BVIZvKp1S1pYcO+6lVWxaAKu0ZlJzyo6vPN1qVzGkY';

export async function verifyPassword(hashed: string | null, plain: string): Promise<boolean> {
  try {
    const ok = await verify(hashed ?? DUMMY, plain);
    return hashed !== null && ok;
  } catch {
    return false;
  }
}
