import { createSecretKey } from 'node:crypto';
import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AuthController } from './auth.controller';
import { AuthFacade } from './auth.facade';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { ttlSeconds } from './ttl';
import { TwoFactorService } from './two-factor.service';

/**
 * Login, tokens, API keys, the global guards (who is calling, then the request limits). Registered
 * once by the app (global), with the module that implements the AccountDirectory port (`users`):
 * core imports no feature.
 */
@Global()
@Module({})
export class AuthModule {
  /** `accounts`: a module that exports a provider for ACCOUNT_DIRECTORY. */
  static forRoot(accounts: Type | DynamicModule): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        accounts,
        JwtModule.registerAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            // A KeyObject made once: jsonwebtoken would otherwise rebuild it from the string on every verify.
            secret: createSecretKey(Buffer.from(config.jwtSecret)),
            signOptions: { expiresIn: ttlSeconds(config.env.JWT_TTL), algorithm: 'HS256' },
            verifyOptions: { algorithms: ['HS256'] },
          }),
        }),
        RateLimitModule,
      ],
      controllers: [AuthController],
      providers: [
        AuthService,
        AuthFacade,
        TwoFactorService,
        // In this order: who is calling first, then the limits that count per caller.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
      exports: [AuthService],
    };
  }
}
