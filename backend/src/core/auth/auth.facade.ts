import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { notFound } from '../http/domain-error';
import { ACCOUNT_DIRECTORY, type AccountDirectory } from './account-directory';
import { AuthUser } from './auth-user';
import { ChangePasswordDto, LoginDto, LoginResponseDto, mapAccount, MeDto } from './auth.dto';
import { AuthService } from './auth.service';
import { ttlSeconds } from './ttl';

/** What the auth endpoints do, in the shapes the API returns. */
@Injectable()
export class AuthFacade {
  constructor(
    private readonly auth: AuthService,
    @Inject(ACCOUNT_DIRECTORY) private readonly accounts: AccountDirectory,
    private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const { accessToken, user } = await this.auth.login(dto.email, dto.password);
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
