import { Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import jaroWinkler from 'talisman/metrics/jaro-winkler';
import doubleMetaphone from 'talisman/phonetics/double-metaphone';
import type { EntityManager } from 'typeorm';
import type { LeadScope } from '../access/lead-access';
import { AppConfig } from '../core/config/app-config';
import { DuplicateSignal } from './duplicate-candidate.entity';
import { LeadSource } from './lead.enums';
import { LeadsRepository } from './leads.repository';

/**
 * Duplicate detection: which existing contacts (and their leads) a new or changed contact may be
 * the same person as, how sure we are, and why, in words a broker reads. One detector for every
 * way in (API, API keys, webhooks, the website form and widget, the assistant, CSV import).
 */

/** A contact's match keys, normalised the way contact-normalizers.ts does. */
export interface ContactKeys {
  name: string;
  /** Raw email as typed (shown in evidence); `emailNormalized` is what matches. */
  email?: string | null;
  emailNormalized?: string | null;
  phoneE164?: string | null;
  whatsappId?: string | null;
  /** The lead's source and its id there: the same Lead Ads lead delivered twice is one person. */
  source?: LeadSource | null;
  sourceRef?: string | null;
}

export interface Comparison {
  /** 0..1: how likely the two are the same person. */
  confidence: number;
  /** An identity (email, phone, WhatsApp, Lead Ads lead) is equal and the names agree. */
  exact: boolean;
  /** The strongest identity signal, or null when nothing but the name is alike. */
  signal: DuplicateSignal | null;
  /** Human-readable reasons, e.g. "phone +1 206 555 0101 equal". */
  evidence: string[];
  /** Jaro-Winkler similarity of the names (0..1). */
  nameSimilarity: number;
  /** The names sound alike (Double Metaphone codes of every word agree). */
  namesSoundAlike: boolean;
}

export interface DuplicateCandidate extends Comparison {
  contactId: string;
  /** The contact's most recent lead that is not merged away (null: a contact without a lead). */
  leadId: string | null;
  /** Whether the caller may see that lead (and so the contact): only then may it be attached. */
  visible: boolean;
}

/** How sure each identity alone makes us (combined as independent signals: 1 - Π(1 - p)). */
const IDENTITY_WEIGHT: Record<'leadAds' | 'whatsapp' | 'email' | 'phone', number> = { leadAds: 0.99, whatsapp: 0.95, email: 0.92, phone: 0.9 };
/** Names at least this alike (Jaro-Winkler) agree, e.g. "Jon Smith" / "John Smith" (0.97). */
export const NAME_AGREES = 0.9;
/** Below this (and not sounding alike) the names disagree: a shared family phone or office email. */
const NAME_DISAGREES = 0.75;

/** Lower-case words without accents or punctuation: "José  O'Neil" → ["jose", "oneil"]. */
function nameWords(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Every word of the shorter name has a word in the other whose Double Metaphone codes overlap. */
function soundAlike(a: string[], b: string[]): boolean {
  if (!a.length || !b.length) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const codes = long.map((w) => new Set(doubleMetaphone(w).filter(Boolean)));
  return short.every((w) => doubleMetaphone(w).some((c) => c && codes.some((set) => set.has(c))));
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Phones as a broker writes them, remembered: a shared office phone is compared with dozens of contacts in one check. */
const phoneWordsSeen = new Map<string, string>();
function phoneWords(e164: string): string {
  let words = phoneWordsSeen.get(e164);
  if (words === undefined) {
    words = parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
    if (phoneWordsSeen.size >= 5000) phoneWordsSeen.clear();
    phoneWordsSeen.set(e164, words);
  }
  return words;
}

/**
 * Compares two contacts: pure, no database. Name alone never makes a pair (common names would flood
 * the review queue); it raises or lowers the confidence an identity gives, and decides whether an
 * identity is "exact" (the same email but a different name is a shared mailbox, not the same person).
 */
export function compareContacts(a: ContactKeys, b: ContactKeys): Comparison {
  const evidence: string[] = [];
  const identities: (keyof typeof IDENTITY_WEIGHT)[] = [];
  let signal: DuplicateSignal | null = null;

  if (a.sourceRef && a.source === LeadSource.MetaLeadAds && a.source === b.source && a.sourceRef === b.sourceRef) {
    identities.push('leadAds');
    evidence.push(`same Lead Ads lead ${a.sourceRef}`);
    signal = DuplicateSignal.LeadAds;
  }
  if (a.whatsappId && a.whatsappId === b.whatsappId) {
    identities.push('whatsapp');
    evidence.push(`same WhatsApp number ${phoneWords(`+${a.whatsappId.replace(/^\+/, '')}`)}`);
    signal ??= DuplicateSignal.WhatsApp;
  }
  const byEmail = !!a.emailNormalized && a.emailNormalized === b.emailNormalized;
  const byPhone = !!a.phoneE164 && a.phoneE164 === b.phoneE164;
  if (byEmail) {
    identities.push('email');
    const shownA = (a.email ?? a.emailNormalized)!.trim();
    const shownB = (b.email ?? b.emailNormalized)!.trim();
    evidence.push(shownA.toLowerCase() === shownB.toLowerCase() ? `email ${shownA} equal` : `emails '${shownA}' / '${shownB}' reach the same mailbox`);
  }
  if (byPhone) {
    identities.push('phone');
    evidence.push(`phone ${phoneWords(a.phoneE164!)} equal`);
  }
  if (!signal) signal = byEmail && byPhone ? DuplicateSignal.EmailAndPhone : byEmail ? DuplicateSignal.Email : byPhone ? DuplicateSignal.Phone : null;

  const wa = nameWords(a.name);
  const wb = nameWords(b.name);
  // An initial or a placeholder ("P", "x") is no name to compare: only the identity speaks.
  const hasNames = wa.some((w) => w.length > 1) && wb.some((w) => w.length > 1);
  const nameSimilarity = hasNames ? round2(jaroWinkler(wa.join(' '), wb.join(' '))) : 0;
  const namesSoundAlike = hasNames && soundAlike(wa, wb);
  const namesAgree = !hasNames || nameSimilarity >= NAME_AGREES || namesSoundAlike;
  const namesDisagree = hasNames && nameSimilarity < NAME_DISAGREES && !namesSoundAlike;
  if (hasNames) {
    const how = nameSimilarity === 1 ? 'equal' : `Jaro-Winkler ${nameSimilarity.toFixed(2)}${namesSoundAlike ? ', sound alike' : ''}`;
    evidence.push(`names '${a.name.trim()}' / '${b.name.trim()}', ${how}`);
  }

  let confidence = 1 - identities.reduce((miss, k) => miss * (1 - IDENTITY_WEIGHT[k]), 1);
  if (identities.length && namesDisagree) confidence *= 0.6;
  else if (identities.length && hasNames && nameSimilarity === 1) confidence = Math.min(1, confidence + 0.04);
  return { confidence: round2(confidence), exact: identities.length > 0 && namesAgree, signal, evidence, nameSimilarity, namesSoundAlike };
}

/**
 * Finds the contacts a contact may duplicate, with the visibility of each for `scope`. Only ids,
 * flags, confidence and evidence come back; callers decide what the caller may learn (an agent is
 * told nothing of a contact they cannot see: such a pair is recorded for review by someone who can).
 * Pairs someone already called "not the same person" are left out.
 */
@Injectable()
export class DuplicateDetectorService {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly config: AppConfig,
  ) {}

  async findCandidates(input: ContactKeys, scope: LeadScope, tx: EntityManager, exceptContactId: string | null = null): Promise<DuplicateCandidate[]> {
    if (!this.config.env.DEDUP_CHECK) return [];
    const rows = await this.leads.findDuplicateKeyMatches(input, scope, tx, exceptContactId);
    return rows
      .map((r) => ({ contactId: r.contactId, leadId: r.leadId, visible: r.visible, ...compareContacts(input, r) }))
      .filter((c) => c.signal !== null)
      .sort((x, y) => y.confidence - x.confidence || Number(y.visible) - Number(x.visible));
  }
}
