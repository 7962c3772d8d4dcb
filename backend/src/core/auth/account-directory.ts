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
  /** The team (a name shared by its members); null when none. */
  team: string | null;
  /** Second factor: the confirmed TOTP secret, encrypted (null while off). */
  totpSecret: string | null;
  /** An enrolment not yet confirmed with a code: its secret, encrypted. */
  totpPendingSecret: string | null;
  /** The last time step a code was accepted for (a code works once). */
  totpLastStep: number | null;
  /** SHA-256 hashes of the unused recovery codes. */
  recoveryCodeHashes: string[];
}

/** What a second-factor change writes (only the fields given). */
export type TwoFactorPatch = Partial<Pick<Account, 'totpSecret' | 'totpPendingSecret' | 'totpLastStep' | 'recoveryCodeHashes'>>;

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
  /** Stores second-factor state. */
  saveTwoFactor(id: string, patch: TwoFactorPatch): Promise<void>;
  /**
   * Records that a code of `step` was used, unless one of that step or later already was (the
   * same code twice, even from two requests at once): false then.
   */
  useTotpStep(id: string, step: number): Promise<boolean>;
  /** Removes one unused recovery code by its hash; false when there was none. */
  useRecoveryCode(id: string, codeHash: string): Promise<boolean>;
}

export const ACCOUNT_DIRECTORY = Symbol('AccountDirectory');
