import { createSecretKey } from 'node:crypto';
import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthFacade } from './auth.facade';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { ttlSeconds } from './ttl';

/**
 * Login, tokens, API keys and the global guard. Registered once by the app (global), with the
 * module that implements the AccountDirectory port (`users`): core imports no feature.
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
        ThrottlerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            throttlers: [
              { name: 'login', ttl: 60_000, limit: config.env.LOGIN_RATE_LIMIT },
              // Inbound webhooks, per client address (routes opt in and skip the login limit).
              { name: 'webhooks', ttl: 60_000, limit: config.env.WEBHOOK_RATE_LIMIT },
            ],
          }),
        }),
      ],
      controllers: [AuthController],
      providers: [AuthService, AuthFacade, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [AuthService],
    };
  }
}
