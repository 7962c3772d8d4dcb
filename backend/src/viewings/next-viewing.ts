/**
 * A lead's next booked viewing from `nowParam` on, as a subquery over `viewings v` to join
 * LATERAL to `leadAlias` (the agent reads it with the lead in one statement). A booked viewing in
 * the past (not yet marked held) must not hide the next one. Public (eslint.boundaries.mjs): the
 * one read of viewings outside this module, so its rule stays here.
 */
export const nextViewingSql = (leadAlias: string, nowParam: string) =>
  `SELECT * FROM viewings v WHERE v.lead_id = ${leadAlias}.id AND v.status = 'booked' AND v.starts_at >= ${nowParam} ORDER BY v.starts_at LIMIT 1`;
