import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { AuthUser } from './auth-user';
import { CurrentUser, Public } from './auth.decorators';
import { ChangePasswordDto, DisableTwoFactorDto, LoginCodeDto, LoginDto, LoginResponseDto, MeDto, RecoveryCodesDto, SignInResultDto, TwoFactorCodeDto, TwoFactorSetupDto } from './auth.dto';
import { AuthFacade } from './auth.facade';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthFacade) {}

  /**
   * Signs in with email and password; returns a Bearer token, or, when two-step sign-in is on, a
   * challenge for `POST /api/auth/login/code`. Rate-limited per client address.
   */
  @Public()
  @RateLimit('login')
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<SignInResultDto> {
    return this.auth.login(dto);
  }

  /** The second sign-in step: the challenge and a code from the authenticator app (or a recovery code). Counts toward the sign-in limit. */
  @Public()
  @RateLimit('login')
  @Post('login/code')
  @HttpCode(200)
  loginWithCode(@Body() dto: LoginCodeDto): Promise<LoginResponseDto> {
    return this.auth.loginWithCode(dto);
  }

  /** Starts turning on two-step sign-in: a new setup key for an authenticator app, shown once. */
  @ApiBearerAuth()
  @RateLimit('login')
  @Post('two-factor/setup')
  @HttpCode(200)
  setupTwoFactor(@CurrentUser() user: AuthUser): Promise<TwoFactorSetupDto> {
    return this.auth.twoFactorSetup(user);
  }

  /** Turns two-step sign-in on with a code from the new key; answers the recovery codes, once. */
  @ApiBearerAuth()
  @RateLimit('login')
  @Post('two-factor/enable')
  @HttpCode(200)
  enableTwoFactor(@CurrentUser() user: AuthUser, @Body() dto: TwoFactorCodeDto): Promise<RecoveryCodesDto> {
    return this.auth.twoFactorEnable(user, dto);
  }

  /** Turns two-step sign-in off; needs a current code or your password. */
  @ApiBearerAuth()
  @RateLimit('login')
  @Post('two-factor/disable')
  @HttpCode(200)
  disableTwoFactor(@CurrentUser() user: AuthUser, @Body() dto: DisableTwoFactorDto): Promise<MeDto> {
    return this.auth.twoFactorDisable(user, dto);
  }

  /** The signed-in user (or the user an API key acts as). */
  @ApiBearerAuth()
  @ApiSecurity('api-key')
  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.auth.me(user);
  }

  /**
   * Changes your password (the current one is needed). Every token you had stops working at once,
   * on every server; the answer holds a new one. Rate-limited like sign-in.
   */
  @ApiBearerAuth()
  @ApiSecurity('api-key')
  @RateLimit('login')
  @Post('password')
  @HttpCode(200)
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<LoginResponseDto> {
    return this.auth.changePassword(user, dto);
  }
}
