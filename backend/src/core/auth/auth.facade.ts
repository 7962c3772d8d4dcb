import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { notFound } from '../http/domain-error';
import { ACCOUNT_DIRECTORY, type AccountDirectory } from './account-directory';
import { AuthUser } from './auth-user';
import { ChangePasswordDto, DisableTwoFactorDto, LoginCodeDto, LoginDto, LoginResponseDto, mapAccount, MeDto, RecoveryCodesDto, SignInResultDto, TwoFactorCodeDto, TwoFactorSetupDto } from './auth.dto';
import { TwoFactorService } from './two-factor.service';
import { AuthService } from './auth.service';
import { ttlSeconds } from './ttl';

/** What the auth endpoints do, in the shapes the API returns. */
@Injectable()
export class AuthFacade {
  constructor(
    private readonly auth: AuthService,
    @Inject(ACCOUNT_DIRECTORY) private readonly accounts: AccountDirectory,
    private readonly config: AppConfig,
    private readonly twoFactor: TwoFactorService,
  ) {}

  /** The password step: a token, or (with two-step sign-in on) a challenge for the code step. */
  async login(dto: LoginDto): Promise<SignInResultDto> {
    const account = await this.auth.checkPassword(dto.email, dto.password);
    if (account.totpSecret !== null) return { twoFactorRequired: true, challengeToken: await this.twoFactor.challengeFor(account) };
    return { twoFactorRequired: false, ...(await this.signedIn(this.auth.signedIn(account))) };
  }

  /** The code step. */
  loginWithCode(dto: LoginCodeDto): Promise<LoginResponseDto> {
    return this.signedIn(this.twoFactor.completeSignIn(dto.challengeToken, dto.code));
  }

  twoFactorSetup(user: AuthUser): Promise<TwoFactorSetupDto> {
    return this.twoFactor.setup(user);
  }

  twoFactorEnable(user: AuthUser, dto: TwoFactorCodeDto): Promise<RecoveryCodesDto> {
    return this.twoFactor.enable(user, dto.code);
  }

  async twoFactorDisable(user: AuthUser, dto: DisableTwoFactorDto): Promise<MeDto> {
    await this.twoFactor.disable(user, dto);
    return this.me(user);
  }

  private async signedIn(result: Promise<{ accessToken: string; user: AuthUser }>): Promise<LoginResponseDto> {
    const { accessToken, user } = await result;
    return { accessToken, expiresIn: ttlSeconds(this.config.env.JWT_TTL), user: await this.me(user) };
  }

  async changePassword(user: AuthUser, dto: ChangePasswordDto): Promise<LoginResponseDto> {
    const { accessToken, user: changed } = await this.auth.changePassword(user.id, dto.currentPassword, dto.newPassword);
    return { accessToken, expiresIn: ttlSeconds(this.config.env.JWT_TTL), user: await this.me(changed) };
  }

  async me(user: AuthUser): Promise<MeDto> {
    const found = await this.accounts.findById(user.id);
    if (!found) throw notFound('User');
    return { ...mapAccount(found), via: user.via };
  }
}
