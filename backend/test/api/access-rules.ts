import { randomUUID } from 'node:crypto';
import type { TestApp } from '../harness';
import { call, makeLead, makeUnit } from './api-world';

/**
 * Who may call each operation of docs/openapi.json, keyed by operationId: the rule table of the
 * authorisation matrix (authorization-matrix.e2e-spec.ts). Every operation in the spec must have
 * a rule here or the matrix fails, naming it; the matrix also checks each rule against the route's
 * own metadata (@Public(), @Roles(admin)), so a rule cannot claim less than the code enforces.
 *
 *  - `public`: no sign-in; every caller, credentials or not, gets the same answer.
 *  - `signed-in`: any active user or API key; anonymous, revoked keys and deactivated users get 401.
 *  - `admin`: admins (and keys made for them); agents and their keys get 403.
 *  - `lead`: a record reached through a lead (the lead, its tasks, sessions, messages): admins
 *    see every lead, an agent sees their own and the unassigned pool; another agent's lead answers
 *    404, byte for byte the answer for a lead that does not exist.
 *  - `owner`: a record of one user (saved views): only that user reaches it; others get the same 404.
 *  - `person`: a signed-in person with their own token (how they sign in: two-step sign-in); an API
 *    key acting for them gets 403, like anonymous and stale credentials get 401.
 *
 * A rule says how to build one allowed request (`request`), from records made fresh for each cell
 * (`fixture`) so destructive operations can run once per caller. `ok` is the status an allowed
 * caller gets when it is not the spec's first 2xx (e.g. a wrong current password is a 400 that
 * still proves the caller got past authorisation).
 */
export type Access = 'public' | 'signed-in' | 'admin' | 'lead' | 'owner' | 'person';

export interface RequestParts {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RuleContext {
  t: TestApp;
  adminToken: string;
  /** The user a scoped record belongs to in this cell (and their token), for `lead` and `owner` rules. */
  owner: { id: string; token: string };
  unique: () => string;
}

export interface Rule {
  access: Access;
  /** Records this cell needs, by name; a scoped rule's `scope` names the one that decides access. */
  fixture?: (c: RuleContext) => Promise<Record<string, string>>;
  request?: (ids: Record<string, string>, c: RuleContext) => RequestParts;
  /** Scoped rules: which fixture record is swapped for a missing one in the byte-for-byte 404 check (default `lead`). */
  scope?: string;
  /** Status for an allowed caller, when not the spec's first 2xx; for `public`, what everyone gets (unset: whatever the anonymous caller gets). */
  ok?: number;
  /** An admin acts on their own record (views are personal even for admins; a chat's holder replies) rather than agent A's. */
  adminActsOnOwn?: boolean;
}

const lead = async (c: RuleContext) => ({ lead: await makeLead(c.t, c.adminToken, c.owner.id) });
const leadWithTask = async (c: RuleContext) => {
  const { lead: id } = await lead(c);
  const task = await call(c.t, 'POST', `/api/leads/${id}/tasks`, { token: c.adminToken }, { title: 'Call back' });
  return { lead: id, task: task.id as string };
};
const leadWithSession = async (c: RuleContext) => {
  const { lead: id } = await lead(c);
  const s = await call(c.t, 'POST', '/api/agent/session', { token: c.adminToken }, { leadId: id });
  return { lead: id, session: s.sessionId as string };
};
const takenOver = async (c: RuleContext) => {
  const ids = await leadWithSession(c);
  await call(c.t, 'POST', `/api/agent/sessions/${ids.session}/takeover`, { token: c.owner.token });
  return ids;
};
const victimUser = async (c: RuleContext) => {
  const u = await call(c.t, 'POST', '/api/users', { token: c.adminToken }, { email: `victim.${c.unique()}@test.local`, name: 'Victim', role: 'agent', password: 'victim-password-1' });
  return { user: u.id as string };
};

const subscription = async (c: RuleContext) => ({
  subscription: (await call(c.t, 'POST', '/api/admin/integrations/subscriptions', { token: c.adminToken }, { name: `Receiver ${c.unique()}`, url: 'http://127.0.0.1:9/hook', events: ['lead.created'], allowPrivate: true })).id as string,
});
/** Two leads of the owner merged by the admin: the merge to undo. */
const merge = async (c: RuleContext) => {
  const a = await makeLead(c.t, c.adminToken, c.owner.id);
  const b = await makeLead(c.t, c.adminToken, c.owner.id);
  const m = await call(c.t, 'POST', `/api/leads/${a}/merge`, { token: c.adminToken }, { otherLeadId: b });
  return { lead: a, merge: m.mergeId as string };
};
/** A candidate pair: two leads with one phone and different names. */
const duplicatePair = async (c: RuleContext) => {
  const phone = `+1 206-555-01${String(10 + (Number(c.unique().replace(/\D/g, '').slice(-4)) % 90)).padStart(2, '0')}`;
  await call(c.t, 'POST', '/api/leads', { token: c.adminToken }, { contact: { name: `Pair One ${c.unique()}`, phone }, source: 'web' });
  const b = await call(c.t, 'POST', '/api/leads', { token: c.adminToken }, { contact: { name: `Other Person ${c.unique()}`, phone }, source: 'web' });
  const rows = await c.t.db.query<{ id: string }[]>(`SELECT id FROM duplicate_candidates WHERE lead_id = $1 LIMIT 1`, [b.id]);
  return rows[0].id;
};
/** A lead with a booked viewing (booked as the assistant books: a row in viewings). */
const leadWithViewing = async (c: RuleContext) => {
  const { lead: id } = await lead(c);
  const unit = await makeUnit(c.t, c.adminToken);
  const startsAt = new Date(Date.now() + 3 * 86_400_000 + Math.floor(Math.random() * 1e6) * 60_000);
  const [v] = await c.t.db.query<{ id: string }[]>(`INSERT INTO viewings (lead_id, unit_id, starts_at, ends_at, timezone) VALUES ($1, $2, $3, $4, 'America/Los_Angeles') RETURNING id`, [id, unit, startsAt, new Date(startsAt.getTime() + 1_800_000)]);
  return { lead: id, viewing: v.id };
};

/** YYYY-MM-DD `days` from today (UTC). */
const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const ACCESS_RULES: Record<string, Rule> = {
  // Public: service info, health, sign-in, lead sources (each with its own check).
  getServiceInfo: { access: 'public', ok: 200 },
  getHealth: { access: 'public', ok: 200 },
  login: { access: 'public', ok: 200, request: () => ({ body: { email: 'admin@test.local', password: 'admin-password-1' } }) },
  submitWebLead: { access: 'public', ok: 404, request: () => ({ body: { siteKey: `pk_${'0'.repeat(32)}`, consentText: 'I agree to be contacted' } }) },
  startWidgetChat: { access: 'public', ok: 404, request: () => ({ body: { siteKey: `pk_${'0'.repeat(32)}` } }) },
  widgetTurn: { access: 'public', ok: 401, request: () => ({ body: { visitorToken: 'x'.repeat(40), message: 'Hello' } }) },
  leaveWidgetContact: { access: 'public', ok: 401, request: () => ({ body: { visitorToken: 'x'.repeat(40), name: 'Visitor', phone: '+12065550100' } }) },
  // 200 once `npm run build:widget` has run, 404 before: whichever, the same for every caller.
  widgetScript: { access: 'public' },
  receiveInbound: { access: 'public', ok: 404, request: () => ({ params: { sourceKey: 'no-such-source' }, body: {} }) },
  receiveLeadAds: { access: 'public', ok: 401, request: () => ({ body: { object: 'page', entry: [] } }) },
  receiveWhatsApp: { access: 'public', ok: 401, request: () => ({ body: { object: 'whatsapp_business_account', entry: [] } }) },
  receiveInboundMail: { access: 'public', ok: 401, request: () => ({ body: { from: 'lead@example.com', to: 'inbox@brokerage.example', subject: 'Hello', text: 'Hi' } }) },
  verifyLeadAdsSubscription: { access: 'public', ok: 403, request: () => ({ query: 'hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1' }) },
  // The second sign-in step with a challenge that is no challenge: 401 for everyone.
  loginWithCode: { access: 'public', ok: 401, request: () => ({ body: { challengeToken: 'x'.repeat(40), code: '123456' } }) },
  verifyWhatsAppSubscription: { access: 'public', ok: 403, request: () => ({ query: 'hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1' }) },

  // Any signed-in user or key.
  me: { access: 'signed-in' },
  changePassword: { access: 'signed-in', ok: 400, request: () => ({ body: { currentPassword: 'not-the-password', newPassword: 'another-password-1' } }) },
  listLeads: { access: 'signed-in' },
  // The CSV export reads what the inbox shows the caller (visibility is the inbox's own rule, tested in audit-export.e2e-spec).
  exportLeads: { access: 'signed-in' },
  // Names only leads the caller can see (tested in possible-duplicates.e2e-spec).
  possibleDuplicates: { access: 'signed-in', request: () => ({ query: 'email=matrix%40example.com' }) },
  listAssignableUsers: { access: 'signed-in' },
  createLead: { access: 'signed-in', request: (_, c) => ({ body: { source: 'web', contact: { name: 'Matrix Lead', email: `matrix.${c.unique()}@example.com` } } }) },
  listMyTasks: { access: 'signed-in' },
  listViews: { access: 'signed-in' },
  createView: { access: 'signed-in', request: (_, c) => ({ body: { name: `View ${c.unique()}`, filters: {} } }) },
  searchUnits: { access: 'signed-in' },
  understandSearch: { access: 'signed-in', request: () => ({ query: 'q=3%20bed%20house%20under%20900k' }) },
  listConversations: { access: 'signed-in' },
  // A stream that stays open: callers read its status and first tenth of a second.
  followConversations: { access: 'signed-in' },
  getBoard: { access: 'signed-in' },
  getBoardColumn: { access: 'signed-in', request: () => ({ params: { column: 'new' } }) },
  // A stream that stays open, like the Conversations feed.
  followPipeline: { access: 'signed-in' },
  listStageRules: { access: 'signed-in' },
  listNotifications: { access: 'signed-in' },
  // A stream that stays open, like the board's.
  followNotifications: { access: 'signed-in' },
  getNotificationSettings: { access: 'signed-in' },
  updateNotificationSettings: { access: 'signed-in', request: () => ({ body: { kinds: [{ kind: 'mentioned', enabled: true }] } }) },
  markAllNotificationsRead: { access: 'signed-in' },
  markNotificationRead: {
    access: 'owner',
    scope: 'notification',
    adminActsOnOwn: true,
    // Notifications are written by database triggers; a direct row is the owner's own notification.
    fixture: async (c) => ({
      notification: (await c.t.db.query<{ id: string }[]>(`INSERT INTO notifications (user_id, kind, excerpt) VALUES ($1, 'mentioned', '') RETURNING id`, [c.owner.id]))[0].id,
    }),
    request: (ids) => ({ params: { id: ids.notification } }),
  },
  moveCard: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead }, body: { stage: 'contacted' } }) },
  getRouting: { access: 'admin' },
  getSlaSettings: { access: 'admin' },
  replaceSlaSettings: {
    access: 'admin',
    request: () => ({ body: { businessHours: { timeZone: 'America/Los_Angeles', days: [{ weekday: 1, start: '09:00', end: '18:00' }] }, rules: [{ kind: 'first_response', stage: 'new', minutes: 5, businessHoursOnly: true, warnPercent: 80, escalation: 'notify_team_lead', enabled: true }] } }),
  },
  getAgentOpenLeads: { access: 'admin', fixture: victimUser, request: (ids) => ({ params: { id: ids.user } }) },
  redistributeLeads: { access: 'admin', fixture: victimUser, request: (ids) => ({ params: { id: ids.user } }) },
  replaceRouting: { access: 'admin', request: () => ({ body: { rules: [{ name: 'Every active agent, in turn', enabled: true, target: 'everyone', capacity: 1000 }] } }) },
  replaceStageRules: {
    access: 'admin',
    request: () => ({
      body: {
        rules: [
          { kind: 'reachable', stage: 'viewing', enabled: true },
          { kind: 'viewing_booked', stage: 'viewing', enabled: true },
          { kind: 'lost_reason', stage: 'lost', enabled: true, reasons: ['Changed plans'] },
          { kind: 'unit_or_price', stage: 'won', enabled: true },
          { kind: 'note_backwards', stage: null, enabled: true },
        ],
      },
    }),
  },
  getUnit: { access: 'signed-in', fixture: async (c) => ({ unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ params: { id: ids.unit } }) },
  getUnitMatches: { access: 'signed-in', fixture: async (c) => ({ unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ params: { id: ids.unit } }) },

  // Analytics: anyone signed in reads figures; the service narrows them to the caller's own (agents), team (team leads) or all (admins), tested in analytics.e2e-spec.
  getFunnel: { access: 'signed-in' },
  exportFunnelCsv: { access: 'signed-in' },
  getSources: { access: 'signed-in' },
  exportSourcesCsv: { access: 'signed-in' },
  getSpeedToLead: { access: 'signed-in' },
  exportSpeedToLeadCsv: { access: 'signed-in' },
  getScore: { access: 'signed-in' },
  exportScoreCsv: { access: 'signed-in' },
  getAgents: { access: 'signed-in' },
  exportAgentsCsv: { access: 'signed-in' },
  getAssistant: { access: 'signed-in' },
  exportAssistantCsv: { access: 'signed-in' },
  listSourceCosts: { access: 'signed-in' },
  replaceSourceCosts: { access: 'admin', request: () => ({ body: { costs: [{ source: 'portal', monthlyCost: 500 }] } }) },
  // Admins only.
  listUsers: { access: 'admin' },
  createUser: { access: 'admin', request: (_, c) => ({ body: { email: `new.${c.unique()}@test.local`, name: 'New Agent', role: 'agent', password: 'new-password-1' } }) },
  updateUser: { access: 'admin', fixture: victimUser, request: (ids) => ({ params: { id: ids.user }, body: { name: 'Renamed' } }) },
  resetUserPassword: { access: 'admin', fixture: victimUser, request: (ids) => ({ params: { id: ids.user }, body: { newPassword: 'reset-password-1' } }) },
  listApiKeys: { access: 'admin' },
  createApiKey: { access: 'admin', request: () => ({ body: { name: 'Matrix key' } }) },
  revokeApiKey: {
    access: 'admin',
    fixture: async (c) => ({ key: (await call(c.t, 'POST', '/api/api-keys', { token: c.adminToken }, { name: 'to revoke' })).id as string }),
    request: (ids) => ({ params: { id: ids.key } }),
  },
  listDuplicates: { access: 'admin' },
  // "Not the same person" is decided in the admin's review queue; a pair made fresh per cell (same phone, two names).
  dismissDuplicate: { access: 'admin', fixture: async (c) => ({ pair: await duplicatePair(c) }), request: (ids) => ({ params: { id: ids.pair }, body: {} }) },
  // Duplicates of a lead, merging and undoing: whoever sees the lead(s); others get the missing lead's 404.
  getLeadDuplicates: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead } }) },
  mergeLead: { access: 'lead', fixture: async (c) => ({ ...(await lead(c)), other: await makeLead(c.t, c.adminToken, c.owner.id) }), request: (ids) => ({ params: { id: ids.lead }, body: { otherLeadId: ids.other } }) },
  undoMerge: { access: 'lead', scope: 'merge', fixture: merge, request: (ids) => ({ params: { id: ids.merge } }) },
  listAudit: { access: 'admin' },
  // CSV imports: anyone signed in imports into what they may see; an import is its uploader's (admins see all).
  uploadImport: { access: 'signed-in', ok: 415, request: () => ({ body: {} }) },
  listImportMappings: { access: 'signed-in' },
  getImport: { access: 'signed-in', ok: 404, request: () => ({ params: { id: '00000000-0000-4000-8000-000000000000' } }) },
  startImport: { access: 'signed-in', ok: 404, request: () => ({ params: { id: '00000000-0000-4000-8000-000000000000' }, body: { mapping: { name: 'Name' } } }) },
  listImportRejections: { access: 'signed-in', ok: 404, request: () => ({ params: { id: '00000000-0000-4000-8000-000000000000' } }) },
  downloadImportRejections: { access: 'signed-in', ok: 404, request: () => ({ params: { id: '00000000-0000-4000-8000-000000000000' } }) },
  listSentMail: { access: 'admin' },
  createUnit: { access: 'signed-in', request: (_, c) => ({ body: { type: 'house', purpose: 'sale', ref: `MX-${c.unique()}`, title: 'Matrix house', price: 500000, bedrooms: 2, bathrooms: 1, city: 'Seattle' } }) },
  updateUnit: { access: 'signed-in', fixture: async (c) => ({ unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ params: { id: ids.unit }, body: { title: 'Renamed house' } }) },
  // Listing photos: any signed-in person adds and removes them; the image itself is public (shown on listings).
  addUnitPhoto: { access: 'signed-in', ok: 415, fixture: async (c) => ({ unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ params: { id: ids.unit }, body: {} }) },
  deleteUnitPhoto: { access: 'signed-in', ok: 404, fixture: async (c) => ({ unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ params: { id: ids.unit, photoId: '00000000-0000-4000-8000-000000000000' } }) },
  getUnitPhoto: { access: 'public', ok: 404, request: () => ({ params: { id: '00000000-0000-4000-8000-000000000000', photoId: '00000000-0000-4000-8000-000000000000' } }) },
  // Viewings booked by a person: through a lead they may see. 23:00 is outside viewing hours: refused after the access check.
  listViewingSlots: { access: 'lead', fixture: async (c) => ({ ...(await lead(c)), unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ params: { id: ids.lead }, query: `unitId=${ids.unit}` }) },
  bookViewing: { access: 'lead', ok: 400, fixture: async (c) => ({ ...(await lead(c)), unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ params: { id: ids.lead }, body: { unitId: ids.unit, date: '2030-01-07', time: '23:00' } }) },
  // Viewing availability: any signed-in person reads free slots (a lead's own only through the lead) and keeps their own hours and time off.
  listFreeSlots: {
    access: 'signed-in',
    fixture: async (c) => ({ unit: await makeUnit(c.t, c.adminToken) }),
    request: (ids) => ({ query: `unitId=${ids.unit}&from=${isoDay(1)}&to=${isoDay(3)}&tz=America/Los_Angeles` }),
  },
  getMyAvailability: { access: 'signed-in' },
  updateMyAvailability: { access: 'signed-in', request: () => ({ body: { timezone: 'America/Los_Angeles', weekly: [{ weekday: 1, start: '09:00', end: '17:00' }], bufferMinutes: 15 } }) },
  listMyTimeOff: { access: 'signed-in' },
  addMyTimeOff: { access: 'signed-in', request: () => ({ body: { startsAt: '2031-01-06T09:00:00Z', endsAt: '2031-01-06T17:00:00Z', note: 'Holiday' } }) },
  removeMyTimeOff: {
    access: 'owner',
    scope: 'off',
    adminActsOnOwn: true,
    fixture: async (c) => ({ off: (await call(c.t, 'POST', '/api/viewings/time-off', { token: c.owner.token }, { startsAt: '2031-01-06T09:00:00Z', endsAt: '2031-01-06T17:00:00Z' })).id as string }),
    request: (ids) => ({ params: { id: ids.off } }),
  },
  getViewingWindows: { access: 'signed-in', fixture: async (c) => ({ unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ params: { id: ids.unit } }) },
  updateViewingWindows: {
    access: 'signed-in',
    fixture: async (c) => ({ unit: await makeUnit(c.t, c.adminToken) }),
    request: (ids) => ({ params: { id: ids.unit }, body: { timezone: 'America/Los_Angeles', windows: [{ weekday: 6, start: '10:00', end: '14:00' }] } }),
  },
  // Moving a booked viewing: through a lead one may see (like cancelling). 23:00 is outside viewing hours: refused after the access check.
  // The calendar: any signed-in person reads the viewings they show (scope=team: those of the leads they may see).
  listViewingCalendar: { access: 'signed-in', request: () => ({ query: 'from=2030-01-06T00:00:00Z&to=2030-01-13T00:00:00Z&scope=team' }) },
  // A lead's viewings and the check before saving one: through a lead one may see.
  listLeadViewings: { access: 'lead', fixture: leadWithViewing, request: (ids) => ({ params: { id: ids.lead } }) },
  checkViewingConflicts: { access: 'lead', fixture: async (c) => ({ ...(await lead(c)), unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ body: { leadId: ids.lead, unitId: ids.unit, date: '2030-01-07', time: '10:00' } }) },
  moveViewing: { access: 'lead', scope: 'viewing', ok: 400, fixture: leadWithViewing, request: (ids) => ({ params: { id: ids.viewing }, body: { date: '2030-01-07', time: '23:00' } }) },
  // Each person's own calendar feed; the feed itself answers to its secret token alone (unknown: 404 for everyone).
  getMyCalendarFeed: { access: 'signed-in' },
  createMyCalendarFeed: { access: 'signed-in' },
  revokeMyCalendarFeed: { access: 'signed-in' },
  calendarFeed: { access: 'public', ok: 404, request: () => ({ params: { file: 'no-such-feed-token-000000.ics' } }) },
  // Viewing feedback: an agent records it through a lead they may see (the fixture's viewing is still to come: 409 after the access check);
  // the lead's page answers to its signed link alone (a made-up one: 404 for everyone). The seller's report: anyone signed in, like the home itself.
  listHeldViewings: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead } }) },
  recordViewingFeedback: { access: 'lead', scope: 'viewing', ok: 409, fixture: leadWithViewing, request: (ids) => ({ params: { id: ids.viewing }, body: { liked: true } }) },
  getFeedbackForm: { access: 'public', ok: 404, request: () => ({ params: { token: `${randomUUID()}~zzzzzz~not-a-signature` } }) },
  submitViewingFeedback: { access: 'public', ok: 404, request: () => ({ params: { token: `${randomUUID()}~zzzzzz~not-a-signature` }, body: { liked: true } }) },
  getSellerReport: { access: 'signed-in', fixture: async (c) => ({ unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ params: { id: ids.unit } }) },
  deleteUnit: { access: 'admin', fixture: async (c) => ({ unit: await makeUnit(c.t, c.adminToken) }), request: (ids) => ({ params: { id: ids.unit } }) },
  listQueues: { access: 'admin' },
  listFailedJobs: { access: 'admin', request: () => ({ params: { name: 'embedding' } }) },
  // No failed job to retry: an admin gets past authorisation to the queue's own 404.
  retryJob: { access: 'admin', ok: 404, request: () => ({ params: { name: 'embedding', id: 'no-such-job' } }) },
  getWebhookStatus: { access: 'admin' },
  listWebhookEvents: { access: 'admin' },
  reprocessWebhookEvents: { access: 'admin', ok: 404, request: () => ({ body: { eventIds: [randomUUID()] } }) },
  listInboundSources: { access: 'admin' },
  createInboundSource: { access: 'admin', request: (_, c) => ({ body: { kind: 'web_form', name: `Site ${c.unique()}` } }) },
  disableInboundSource: {
    access: 'admin',
    fixture: async (c) => ({ source: (await call(c.t, 'POST', '/api/admin/integrations/sources', { token: c.adminToken }, { kind: 'web_form', name: `Site ${c.unique()}` })).id as string }),
    request: (ids) => ({ params: { id: ids.source } }),
  },
  listSubscriptions: { access: 'admin' },
  // A local receiver, allowed by the admin: no DNS needed (this machine has no network).
  createSubscription: { access: 'admin', request: (_, c) => ({ body: { name: `Receiver ${c.unique()}`, url: 'http://127.0.0.1:9/hook', events: ['lead.created'], allowPrivate: true } }) },
  getSubscription: { access: 'admin', fixture: subscription, request: (ids) => ({ params: { id: ids.subscription } }) },
  updateSubscription: { access: 'admin', fixture: subscription, request: (ids) => ({ params: { id: ids.subscription }, body: { name: 'Renamed receiver' } }) },
  deleteSubscription: { access: 'admin', fixture: subscription, request: (ids) => ({ params: { id: ids.subscription } }) },
  listSubscriptionDeliveries: { access: 'admin', fixture: subscription, request: (ids) => ({ params: { id: ids.subscription } }) },
  // No delivery yet: an admin gets past authorisation to the delivery's own 404.
  listDeliveryAttempts: { access: 'admin', ok: 404, request: () => ({ params: { id: randomUUID() } }) },
  resendDelivery: { access: 'admin', ok: 404, request: () => ({ params: { id: randomUUID() } }) },
  enableInboundSource: {
    access: 'admin',
    fixture: async (c) => ({ source: (await call(c.t, 'POST', '/api/admin/integrations/sources', { token: c.adminToken }, { kind: 'web_form', name: `Site ${c.unique()}` })).id as string }),
    request: (ids) => ({ params: { id: ids.source } }),
  },

  // A lead and what hangs from it.
  getLead: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead } }) },
  updateLead: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead }, body: { contact: { name: 'Renamed Lead' } } }) },
  assignLead: { access: 'lead', fixture: lead, request: (ids, c) => ({ params: { id: ids.lead }, body: { assigneeId: c.owner.id } }) },
  // Claiming a lead you already have changes nothing (200); the pond and its 409 are in routing.e2e-spec.ts.
  claimLead: { access: 'lead', fixture: lead, adminActsOnOwn: true, request: (ids) => ({ params: { id: ids.lead } }) },
  changeLeadStage: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead }, body: { stage: 'contacted' } }) },
  qualifyLead: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead }, body: { score: 60, reason: 'Called, serious buyer' } }) },
  addLeadNote: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead }, body: { body: 'Prefers mornings' } }) },
  logLeadMessage: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead }, body: { direction: 'outbound', channel: 'phone', body: 'Left a voicemail', outcome: 'voicemail' } }) },
  getLeadMatches: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead } }) },
  listLeadOutbound: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead } }) },
  getOutboundOptions: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead } }) },
  // The lead never wrote on WhatsApp, so the send policy refuses (409) once the caller is past authorisation.
  sendLeadMessage: { access: 'lead', ok: 409, fixture: lead, request: (ids) => ({ params: { id: ids.lead }, body: { channel: 'whatsapp', text: 'Hello from the brokerage' } }) },
  createLeadTask: { access: 'lead', fixture: lead, request: (ids) => ({ params: { id: ids.lead }, body: { title: 'Send listings' } }) },
  updateLeadTask: { access: 'lead', fixture: leadWithTask, request: (ids) => ({ params: { id: ids.lead, taskId: ids.task }, body: { title: 'Send three listings' } }) },
  completeLeadTask: { access: 'lead', fixture: leadWithTask, request: (ids) => ({ params: { id: ids.lead, taskId: ids.task } }) },
  createSession: { access: 'lead', fixture: lead, request: (ids) => ({ body: { leadId: ids.lead } }) },
  listSessions: { access: 'lead', fixture: lead, request: (ids) => ({ query: `leadId=${ids.lead}` }) },
  getSession: { access: 'lead', scope: 'session', fixture: leadWithSession, request: (ids) => ({ params: { id: ids.session } }) },
  getConversation: { access: 'lead', scope: 'session', fixture: leadWithSession, request: (ids) => ({ params: { id: ids.session } }) },
  markConversationRead: { access: 'lead', scope: 'session', fixture: leadWithSession, request: (ids) => ({ params: { id: ids.session } }) },
  takeOverSession: { access: 'lead', scope: 'session', fixture: leadWithSession, request: (ids) => ({ params: { id: ids.session } }) },
  // Only whoever took the chat over may reply or release it, so an admin acts on a chat of their own.
  releaseSession: { access: 'lead', scope: 'session', adminActsOnOwn: true, fixture: takenOver, request: (ids) => ({ params: { id: ids.session } }) },
  replyInSession: { access: 'lead', scope: 'session', adminActsOnOwn: true, fixture: takenOver, request: (ids) => ({ params: { id: ids.session }, body: { message: 'Happy to help, when suits you?' } }) },
  turn: { access: 'lead', scope: 'session', fixture: leadWithSession, request: (ids) => ({ body: { sessionId: ids.session, message: 'Hi, I am looking for a 3 bedroom house' } }) },

  cancelViewing: { access: 'lead', scope: 'viewing', fixture: leadWithViewing, request: (ids) => ({ params: { id: ids.viewing }, body: { reason: 'The buyer found another home' } }) },
  // Bulk reassignment checks each lead like a single assignment: another agent's lead is a 404.
  reassignLeads: { access: 'lead', fixture: lead, request: (ids, c) => ({ body: { leadIds: [ids.lead], assigneeId: c.owner.id } }) },

  // How a person signs in: their own token only.
  setupTwoFactor: { access: 'person', adminActsOnOwn: true },
  // A setup is started for the caller; a wrong code is a 400 that still proves they got past authorisation.
  enableTwoFactor: {
    access: 'person',
    ok: 400,
    adminActsOnOwn: true,
    fixture: async (c) => {
      await call(c.t, 'POST', '/api/auth/two-factor/setup', { token: c.owner.token });
      return {};
    },
    request: () => ({ body: { code: '000000' } }),
  },
  // Off already (nothing in the matrix turns it on): answers the account as it is.
  disableTwoFactor: { access: 'person', adminActsOnOwn: true, request: () => ({ body: { password: 'not-the-password' } }) },

  // Personal records.
  deleteView: {
    access: 'owner',
    scope: 'view',
    adminActsOnOwn: true,
    fixture: async (c) => ({ view: (await call(c.t, 'POST', '/api/views', { token: c.owner.token }, { name: `Mine ${c.unique()}`, filters: {} })).id as string }),
    request: (ids) => ({ params: { id: ids.view } }),
  },
};
