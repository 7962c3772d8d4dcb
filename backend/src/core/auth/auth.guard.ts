import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UserRole } from './roles';
import { DomainError } from '../http/domain-error';
import { AuthUser } from './auth-user';
import { IS_PUBLIC, ROLES } from './auth.decorators';
import { AuthService } from './auth.service';

interface Req {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

/** Global: every route needs a Bearer token or an X-API-Key unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Req>();
    const header = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    let user: AuthUser | null;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      user = await this.auth.userForToken(header.slice(7).trim());
    } else if (typeof apiKey === 'string' && apiKey.length > 0) {
      user = await this.auth.userForApiKey(apiKey);
    } else {
      throw new DomainError('unauthorized', 'auth_required', 'Sign in first: send a Bearer token or an X-API-Key header');
    }
    if (!user) throw new DomainError('unauthorized', 'invalid_credentials', 'The token or API key is invalid, expired or revoked');
    req.user = user;
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new DomainError('forbidden', 'role_required', `This needs the ${roles.join(' or ')} role`);
    }
    return true;
  }
}
