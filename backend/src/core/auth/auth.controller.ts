import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { AuthUser } from './auth-user';
import { CurrentUser, Public } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginResponseDto, MeDto } from './auth.dto';
import { AuthFacade } from './auth.facade';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthFacade) {}

  /** Signs in with email and password; returns a Bearer token. Rate-limited per client address. */
  @Public()
  @RateLimit('login')
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(dto);
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
