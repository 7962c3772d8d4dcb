import { SetMetadata } from '@nestjs/common';

/** The named limits (see RateLimitModule); each counts per user, per API key, or per client address when anonymous. */
export type RateLimitName = 'login' | 'agentTurn' | 'search' | 'leadCreate' | 'webhooks' | 'website';

export const RATE_LIMITS = 'openhouse:rate-limits';

/**
 * Counts calls to this route against the named limits. Every @Public() route also counts against
 * the `public` limit per client address, without saying so.
 */
export const RateLimit = (...names: RateLimitName[]) => SetMetadata(RATE_LIMITS, names);
