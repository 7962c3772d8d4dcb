import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from '../../users/api-key.entity';
import { ApiKeysRepository } from '../../users/api-keys.repository';
import { UserEntity } from '../../users/user.entity';
import { UsersRepository } from '../../users/users.repository';
import { AppConfig } from '../config/app-config';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AuthController } from './auth.controller';
import { AuthFacade } from './auth.facade';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { ttlSeconds } from './ttl';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, ApiKeyEntity]),
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
    UsersRepository,
    ApiKeysRepository,
    AuthService,
    AuthFacade,
    // In this order: who is calling first, then the limits that count per caller.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [AuthService, UsersRepository, ApiKeysRepository],
})
export class AuthModule {}
