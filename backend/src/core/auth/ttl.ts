const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** '12h' → 43200. The format is checked at boot (JWT_TTL). */
export function ttlSeconds(ttl: string): number {
  const m = /^(\d+)([smhd])$/.exec(ttl);
  if (!m) throw new Error(`Bad duration: ${ttl}`);
  return Number(m[1]) * UNIT[m[2]];
}
