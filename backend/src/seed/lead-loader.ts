import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normalizeEmail, normalizePhone } from '../leads/contact-normalizers';
import { ActivityType, Purpose, QualificationStatus } from '../leads/lead.enums';
import { placeKeys } from '../inventory/unit-place-names';
import { UnitPurpose, UnitStatus } from '../inventory/unit.enums';
import { scoreLead, ScoreInput } from '../scoring/score';
import { CURRENT_WEIGHTS } from '../scoring/weights';
import { GeneratedLead, generateLeads } from './demo-leads';
import { KING_COUNTY_CITIES } from './king-county-areas';
import { ListingSeed, LISTINGS_CSV_RELATIVE_PATH, parseListingsCsv } from './listings';
import type { SeedRepository } from './seed.repository';

const DAY = 86_400_000;

/** The listings CSV shipped in data/listings, found from backend/src/seed (ts-jest) or dist/backend/src/seed. */
export function readListingsFile(): ListingSeed[] {
  const up = __dirname.split('/').includes('dist') ? ['..', '..', '..', '..'] : ['..', '..', '..'];
  return parseListingsCsv(readFileSync(resolve(__dirname, ...up, LISTINGS_CSV_RELATIVE_PATH), 'utf8'));
}

/**
 * Counts available listings that fit a profile, up to 3, in memory. Same rules as
 * ScoringRepository.countMatchingUnits (which runs them in SQL for live leads): seeding
 * 100,000 leads one query at a time would take minutes.
 */
export function fitCounter(listings: ListingSeed[]): (p: ScoreInput['profile']) => number {
  const available = listings.filter((l) => l.status === UnitStatus.Available);
  const byPlace = new Map<string, ListingSeed[]>();
  for (const l of available) {
    for (const key of placeKeys(l)) {
      const list = byPlace.get(key) ?? [];
      list.push(l);
      byPlace.set(key, list);
    }
  }
  return (p) => {
    if (!p.purpose && p.budgetMax === null) return 0;
    const purpose = p.purpose === Purpose.Rent ? UnitPurpose.Rent : p.purpose === Purpose.Buy ? UnitPurpose.Sale : null;
    const pool = p.locations.length ? [...new Set(p.locations.flatMap((loc) => byPlace.get(loc.trim().toLowerCase()) ?? []))] : available;
    let n = 0;
    for (const u of pool) {
      if (purpose && u.purpose !== purpose) continue;
      if (p.budgetMax !== null && u.price > Math.round(p.budgetMax * 1.1)) continue;
      if (p.budgetMin !== null && u.price < Math.round(p.budgetMin * 0.9)) continue;
      if (p.bedrooms !== null && u.bedrooms < p.bedrooms) continue;
      if (p.propertyTypes.length && !p.propertyTypes.includes(u.type)) continue;
      if (++n === 3) break;
    }
    return n;
  };
}

/** Writes listings as units in one transaction. */
export async function insertListings(repo: SeedRepository, listings: ListingSeed[]): Promise<void> {
  await repo.transaction((tx) =>
    repo.insertMany(
      'units',
      {
        ref: 'varchar', title: 'varchar', description: 'text', type: 'unit_type', purpose: 'unit_purpose', price: 'bigint', currency: 'char(3)',
        bedrooms: 'smallint', bathrooms: 'real', size_sqft: 'integer', lot_sqft: 'integer', year_built: 'smallint', area: 'varchar', city: 'varchar',
        zip: 'varchar', lat: 'float8', lng: 'float8', features: 'text[]', status: 'unit_status',
      },
      listings.map((l) => ({
        ref: l.ref, title: l.title, description: l.description, type: l.type, purpose: l.purpose, price: l.price, currency: l.currency,
        bedrooms: l.bedrooms, bathrooms: l.bathrooms, size_sqft: l.sizeSqft, lot_sqft: l.lotSqft, year_built: l.yearBuilt, area: l.area,
        city: l.city, zip: l.zip, lat: l.lat, lng: l.lng, features: l.features, status: l.status,
      })),
      tx,
    ),
  );
}

export interface LeadLoad {
  count: number;
  seed: number;
  agentIds: string[];
  listings: ListingSeed[];
  now: Date;
}

/** Generates `count` deterministic leads and writes them with contacts, profiles, timelines, tasks and scores. */
export async function insertGeneratedLeads(repo: SeedRepository, load: LeadLoad, chunk = 5000): Promise<void> {
  const fit = fitCounter(load.listings);
  const all = generateLeads(load.count, load.seed, { agentIds: load.agentIds, now: load.now, cities: [...KING_COUNTY_CITIES] });
  for (let i = 0; i < all.length; i += chunk) {
    const part = all.slice(i, i + chunk);
    await repo.transaction((tx) => writeLeads(repo, part, load, fit, tx));
  }
}

async function writeLeads(repo: SeedRepository, leads: GeneratedLead[], load: LeadLoad, fit: (p: ScoreInput['profile']) => number, tx: Parameters<SeedRepository['insertMany']>[3]) {
  const contacts: Record<string, unknown>[] = [];
  const leadRows: Record<string, unknown>[] = [];
  const profiles: Record<string, unknown>[] = [];
  const activities: Record<string, unknown>[] = [];
  const tasks: Record<string, unknown>[] = [];
  const qualifications: Record<string, unknown>[] = [];
  const agent = (i: number | null) => (i === null ? null : (load.agentIds[i] ?? null));
  const since14d = load.now.getTime() - 14 * DAY;

  for (const g of leads) {
    const contactId = repo.newId();
    const leadId = repo.newId();
    const created = g.lead.createdAt.toISOString();
    contacts.push({
      id: contactId, name: g.contact.name, email: g.contact.email, email_normalized: g.contact.email ? normalizeEmail(g.contact.email) : null,
      phone: g.contact.phone, phone_e164: g.contact.phone ? normalizePhone(g.contact.phone) : null, timezone: g.contact.timezone, created_at: created, updated_at: created,
    });
    const profile: ScoreInput['profile'] = {
      purpose: g.profile.purpose, budgetMin: g.profile.budgetMin, budgetMax: g.profile.budgetMax, bedrooms: g.profile.bedrooms,
      bathrooms: g.profile.bathrooms, propertyTypes: g.profile.propertyTypes, locations: g.profile.locations, timeline: g.profile.timeline, financing: g.profile.financing,
    };
    const result = scoreLead({
      profile,
      activity: {
        inboundMessages14d: g.activities.filter((a) => a.type === ActivityType.Message && a.direction === 'inbound' && a.createdAt.getTime() > since14d).length,
        viewings: g.activities.filter((a) => a.type === ActivityType.Viewing).length,
      },
      fit: { matchingUnits: fit(profile) },
    });
    const status = result.score >= CURRENT_WEIGHTS.qualifiedAt ? QualificationStatus.Qualified : QualificationStatus.Unqualified;
    const qualificationId = repo.newId();
    leadRows.push({
      id: leadId, current_qualification_id: qualificationId, contact_id: contactId, source: g.lead.source, source_ref: g.lead.sourceRef, stage: g.lead.stage, assignee_id: agent(g.lead.assigneeIndex),
      score: result.score, score_source: 'auto', qualification_status: status, sla_due_at: g.lead.slaDueAt?.toISOString() ?? null,
      first_response_at: g.lead.firstResponseAt?.toISOString() ?? null, ...replyClock(g.activities, g.lead.createdAt, g.lead.firstResponseAt), last_activity_at: g.lead.lastActivityAt.toISOString(), created_at: created, updated_at: g.lead.lastActivityAt.toISOString(),
    });
    const evidence: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(g.profile as unknown as Record<string, unknown>)) {
      const empty = value === null || (Array.isArray(value) && value.length === 0);
      if (!empty && field !== 'currency') evidence[field] = { value, messageId: null, confidence: 0.8, source: 'import', at: created };
    }
    profiles.push({
      lead_id: leadId, purpose: g.profile.purpose, budget_min: g.profile.budgetMin, budget_max: g.profile.budgetMax, currency: g.profile.currency,
      bedrooms: g.profile.bedrooms, bathrooms: g.profile.bathrooms, property_types: g.profile.propertyTypes, locations: g.profile.locations, timeline: g.profile.timeline,
      financing: g.profile.financing, pets: g.profile.pets, furnished: g.profile.furnished, must_haves: g.profile.mustHaves, evidence, updated_at: g.lead.lastActivityAt.toISOString(),
    });
    for (const a of g.activities) {
      activities.push({ id: repo.newId(), lead_id: leadId, type: a.type, actor_id: agent(a.actorIndex), direction: a.direction, summary: a.summary, data: a.data, created_at: a.createdAt.toISOString() });
    }
    for (const t of g.tasks) {
      tasks.push({ id: repo.newId(), lead_id: leadId, title: t.title, due_at: t.dueAt?.toISOString() ?? null, assignee_id: agent(g.lead.assigneeIndex), completed_at: t.completedAt?.toISOString() ?? null, created_at: t.createdAt.toISOString() });
    }
    qualifications.push({ id: qualificationId, lead_id: leadId, score: result.score, breakdown: result.factors, status, source: 'auto', weights_version: result.weightsVersion, reason: 'demo data loaded', created_at: g.lead.lastActivityAt.toISOString() });
  }

  await repo.insertMany('contacts', { id: 'uuid', name: 'varchar', email: 'varchar', email_normalized: 'varchar', phone: 'varchar', phone_e164: 'varchar', timezone: 'varchar', created_at: 'timestamptz', updated_at: 'timestamptz' }, contacts, tx);
  await repo.insertMany(
    'leads',
    {
      id: 'uuid', contact_id: 'uuid', source: 'lead_source', source_ref: 'varchar', stage: 'lead_stage', assignee_id: 'uuid', score: 'smallint', current_qualification_id: 'uuid',
      score_source: 'score_source', qualification_status: 'qualification_status', sla_due_at: 'timestamptz', first_response_at: 'timestamptz',
      first_ai_response_at: 'timestamptz', first_human_response_at: 'timestamptz', awaiting_reply_since: 'timestamptz', last_activity_at: 'timestamptz',
      created_at: 'timestamptz', updated_at: 'timestamptz',
    },
    leadRows,
    tx,
  );
  await repo.insertMany(
    'lead_profiles',
    {
      lead_id: 'uuid', purpose: 'purpose', budget_min: 'bigint', budget_max: 'bigint', currency: 'char(3)', bedrooms: 'smallint', bathrooms: 'real', property_types: 'text[]',
      locations: 'text[]', timeline: 'timeline', financing: 'financing', pets: 'boolean', furnished: 'boolean', must_haves: 'text[]', evidence: 'jsonb', updated_at: 'timestamptz',
    },
    profiles,
    tx,
  );
  await repo.insertMany('activities', { id: 'uuid', lead_id: 'uuid', type: 'activity_type', actor_id: 'uuid', direction: 'varchar', summary: 'text', data: 'jsonb', created_at: 'timestamptz' }, activities, tx);
  await repo.insertMany('tasks', { id: 'uuid', lead_id: 'uuid', title: 'varchar', due_at: 'timestamptz', assignee_id: 'uuid', completed_at: 'timestamptz', created_at: 'timestamptz' }, tasks, tx);
  await repo.insertMany(
    'qualifications',
    { id: 'uuid', lead_id: 'uuid', score: 'smallint', breakdown: 'jsonb', status: 'qualification_status', source: 'score_source', weights_version: 'varchar', reason: 'text', created_at: 'timestamptz' },
    qualifications,
    tx,
  );
}

/**
 * Speed to lead and "needs reply" from the generated history, as the timeline writer keeps them
 * for live leads: the first message out by the assistant and by a person, and since when the lead
 * waits (its arrival, or its first message after the last one out).
 */
function replyClock(activities: readonly { type: ActivityType; direction: string | null; data: Record<string, unknown>; createdAt: Date }[], createdAt: Date, firstResponseAt: Date | null) {
  const messages = activities.filter((a) => a.type === ActivityType.Message && a.direction).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const out = messages.filter((a) => a.direction === 'outbound');
  const firstAi = out.find((a) => a.data['by'] === 'ai')?.createdAt ?? null;
  const firstPerson = out.find((a) => a.data['by'] !== 'ai')?.createdAt ?? null;
  let awaiting: Date | null = firstResponseAt === null ? createdAt : null;
  for (const m of messages) awaiting = m.direction === 'outbound' ? null : (awaiting ?? m.createdAt);
  return { first_ai_response_at: firstAi?.toISOString() ?? null, first_human_response_at: firstPerson?.toISOString() ?? null, awaiting_reply_since: awaiting?.toISOString() ?? null };
}
