import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthStore } from './auth-store';

/**
 * With a token, the app opens at once and loads the user beside the page's own data (a stale
 * token is caught by the interceptor's 401 handling); without one, sign in first.
 */
export const signedInGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthStore);
  if (auth.signedIn()) {
    void auth.ensureUser();
    return true;
  }
  return inject(Router).createUrlTree(['/sign-in'], { queryParams: state.url && state.url !== '/' ? { returnUrl: state.url } : {} });
};

export const adminGuard: CanActivateFn = async () => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  const user = await auth.ensureUser();
  return user?.role === 'admin' ? true : router.createUrlTree(['/inbox']);
};
