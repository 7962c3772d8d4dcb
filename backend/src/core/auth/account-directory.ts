import type { UserRole } from './roles';

/**
 * The port through which auth reaches the people who may sign in. Core knows no feature: the
 * `users` module implements this and the app hands it to `AuthModule.forRoot`.
 */
export interface Account {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  active: boolean;
  createdAt: Date;
  passwordHash: string;
  /** Raised when every earlier token must stop (new password, deactivation); tokens carry it as `ver`. */
  tokenVersion: number;
}

export interface AccountDirectory {
  /** `email` is already trimmed and lower-cased. */
  findByEmail(email: string): Promise<Account | null>;
  findById(id: string): Promise<Account | null>;
  /** The unrevoked API key with this SHA-256 hash and the account it acts as. */
  findByApiKeyHash(keyHash: string): Promise<{ keyId: string; account: Account } | null>;
  /** Records that the key was used (implementations may write at most once a minute). */
  markApiKeyUsed(keyId: string): Promise<void>;
  /** Stores a new password hash and raises the account's token version (earlier tokens stop). */
  setPassword(id: string, passwordHash: string): Promise<void>;
}

export const ACCOUNT_DIRECTORY = Symbol('AccountDirectory');
