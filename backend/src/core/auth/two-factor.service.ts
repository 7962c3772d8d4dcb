import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditTrail } from '../audit/audit-trail';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../http/domain-error';
import { Account, ACCOUNT_DIRECTORY, type AccountDirectory } from './account-directory';
import { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { verifyPassword } from './password';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, TotpVault } from './two-factor';

/** How long the second sign-in step may wait after the password step. */
const CHALLENGE_S = 300;

/** The password step's proof: not a sign-in token (it has no `sub`, so the guard refuses it). */
interface ChallengeClaims {
  mfa: string;
  ver: number;
}

const wrongCode = () => new DomainError('unauthorized', 'invalid_code', 'The code is wrong or has expired');
const wrongCodeField = () => new DomainError('invalid', 'invalid_code', 'The code is wrong or has expired', [{ field: 'code', errors: ['The code is wrong or has expired'] }]);

/**
 * The second sign-in factor: TOTP codes from an authenticator app, with single-use recovery codes.
 * Turning it on takes two steps (a secret, then a code from it); once on, the password alone only
 * yields a short-lived challenge, and a token comes from the code step.
 */
@Injectable()
export class TwoFactorService {
  private readonly vault: TotpVault;

  constructor(
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    @Inject(ACCOUNT_DIRECTORY) private readonly accounts: AccountDirectory,
    config: AppConfig,
    private readonly audit: AuditTrail,
  ) {
    this.vault = new TotpVault(config.jwtSecret);
  }

  /** What the password step hands out when a code is still needed. */
  challengeFor(user: Account): Promise<string> {
    return this.jwt.signAsync({ mfa: user.id, ver: user.tokenVersion } satisfies ChallengeClaims, { expiresIn: CHALLENGE_S });
  }

  /** The code step: a valid challenge and a current code (or an unused recovery code) give a token. */
  async completeSignIn(challengeToken: string, code: string): Promise<{ accessToken: string; user: AuthUser }> {
    let claims: ChallengeClaims;
    try {
      claims = await this.jwt.verifyAsync<ChallengeClaims>(challengeToken);
    } catch {
      throw new DomainError('unauthorized', 'challenge_expired', 'The sign-in took too long; enter your password again');
    }
    if (typeof claims.mfa !== 'string') throw new DomainError('unauthorized', 'challenge_expired', 'The sign-in took too long; enter your password again');
    const user = await this.accounts.findById(claims.mfa);
    if (!user?.active || user.totpSecret === null || user.tokenVersion !== claims.ver) throw wrongCode();
    if (!(await this.codeAccepted(user, code))) {
      await this.audit.record({ action: 'auth.sign_in_failed', actorId: user.id, actorLabel: user.name, changes: { reason: 'wrong second-step code' } });
      throw wrongCode();
    }
    return this.auth.signedIn(user);
  }

  /** Starts (or restarts) enrolment: a new secret, shown this once, waiting for its first code. */
  async setup(actor: AuthUser): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.signedInAccount(actor);
    if (user.totpSecret !== null) throw new DomainError('conflict', 'two_factor_on', 'Two-step sign-in is already on; turn it off first');
    const secret = this.vault.newSecret();
    await this.accounts.saveTwoFactor(user.id, { totpPendingSecret: this.vault.seal(secret) });
    return { secret, otpauthUri: this.vault.uri(secret, user.email) };
  }

  /** Turns the second factor on once a code from the new secret is right; returns the recovery codes, once. */
  async enable(actor: AuthUser, code: string): Promise<{ recoveryCodes: string[] }> {
    const user = await this.signedInAccount(actor);
    if (user.totpSecret !== null) throw new DomainError('conflict', 'two_factor_on', 'Two-step sign-in is already on');
    if (user.totpPendingSecret === null) throw new DomainError('conflict', 'no_setup', 'Start the setup first');
    const step = await this.vault.check(user.totpPendingSecret, code);
    if (step === null) throw wrongCodeField();
    const { codes, hashes } = newRecoveryCodes();
    await this.accounts.saveTwoFactor(user.id, { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpLastStep: step, recoveryCodeHashes: hashes });
    await this.auth.userChanged(user.id);
    return { recoveryCodes: codes };
  }

  /** Turns it off, with a current code (or recovery code) or the password. */
  async disable(actor: AuthUser, proof: { code?: string; password?: string }): Promise<void> {
    const user = await this.signedInAccount(actor);
    if (user.totpSecret === null) return;
    const byPassword = proof.password !== undefined && (await verifyPassword(user.passwordHash, proof.password));
    const byCode = !byPassword && proof.code !== undefined && (await this.codeAccepted(user, proof.code));
    if (!byPassword && !byCode) {
      throw new DomainError('invalid', 'wrong_proof', 'Enter a current code or your password', [{ field: proof.code !== undefined ? 'code' : 'password', errors: ['is wrong'] }]);
    }
    await this.accounts.saveTwoFactor(user.id, { totpSecret: null, totpPendingSecret: null, totpLastStep: null, recoveryCodeHashes: [] });
    await this.auth.userChanged(user.id);
  }

  private async codeAccepted(user: Account, code: string): Promise<boolean> {
    if (user.totpSecret === null) return false;
    if (looksLikeRecoveryCode(code)) return this.accounts.useRecoveryCode(user.id, hashRecoveryCode(code));
    const step = await this.vault.check(user.totpSecret, code);
    // A code works once: the step is recorded in one conditional write.
    return step !== null && (await this.accounts.useTotpStep(user.id, step));
  }

  private async signedInAccount(actor: AuthUser): Promise<Account> {
    // An API key acts as its user but is not them at a keyboard: it may not change how they sign in.
    if (actor.via !== 'jwt') throw new DomainError('forbidden', 'needs_sign_in', 'Sign in as yourself to change two-step sign-in');
    const user = await this.accounts.findById(actor.id);
    if (!user) throw new DomainError('unauthorized', 'invalid_credentials', 'Sign in again');
    return user;
  }
}
