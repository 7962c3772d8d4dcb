import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer <METRICS_TOKEN>`, compared as digests in constant time, so the answer's timing says nothing about the token. */
export function metricsTokenMatches(authorization: string | undefined, token: string | undefined): boolean {
  if (!authorization || !token) return false;
  return timingSafeEqual(digest(authorization), digest(`Bearer ${token}`));
}
