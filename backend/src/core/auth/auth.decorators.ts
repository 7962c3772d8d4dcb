import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { UserRole } from './roles';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'openhouse:public';
export const ROLES = 'openhouse:roles';

/** No authentication needed (service info, health, login, webhooks with their own signatures). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
