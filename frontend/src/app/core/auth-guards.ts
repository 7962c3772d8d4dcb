import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthStore } from './auth-store';

export const signedInGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  if (await auth.ensureUser()) return true;
  return router.createUrlTree(['/sign-in'], { queryParams: state.url && state.url !== '/' ? { returnUrl: state.url } : {} });
};

export const adminGuard: CanActivateFn = async () => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  const user = await auth.ensureUser();
  return user?.role === 'admin' ? true : router.createUrlTree(['/inbox']);
};
