import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { AuthUser } from './auth-user';
import { CurrentUser, Public } from './auth.decorators';
import { LoginDto, LoginResponseDto, MeDto } from './auth.dto';
import { AuthFacade } from './auth.facade';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthFacade) {}

  /** Signs in with email and password; returns a Bearer token. Rate-limited per client address. */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: {} })
  @SkipThrottle({ webhooks: true })
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
}
