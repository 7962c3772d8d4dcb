import { Type, plainToInstance } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf, ValidateNested, validateSync } from 'class-validator';
import { normalizeEmail, normalizePhone } from '../../leads/contact-normalizers';
import { PROFILE_FIELDS, ProfileInputDto } from '../../leads/profile.dto';
import { protectedCharacteristicIn } from '../policies';
import type { TurnState } from '../turn-state';
import type { AgentTool, ToolResult } from './agent-tool';

const CONTACT_FIELDS = ['email', 'phone', 'name'] as const;
const FIELDS = [...PROFILE_FIELDS, ...CONTACT_FIELDS] as const;

export class ProfileFactArgs {
  @IsIn(FIELDS)
  field: (typeof FIELDS)[number];

  /** The value, in the profile's own terms (numbers, enums, lists of strings). null clears. */
  // IsDefined refuses null too, and null is how a field is cleared ("up to 750k" after "700k" clears the minimum).
  @ValidateIf((o: ProfileFactArgs) => o.value !== null)
  @IsDefined({ message: 'value is required (null clears the field)' })
  value: unknown;

  /** The lead's exact words the fact comes from. */
  @IsString()
  @Length(1, 300)
  quote: string;

  @IsNumber()
  @Min(0)
  @Max(1)
  confidence: number;

  /** The lead's message it comes from; default: the message being answered. */
  @IsOptional()
  @IsUUID()
  messageId?: string;
}

export class UpdateLeadProfileArgs {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ProfileFactArgs)
  facts: ProfileFactArgs[];
}

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Why a value cannot go into the field, or null when it can. */
function invalidValue(field: (typeof FIELDS)[number], value: unknown): string | null {
  if (field === 'email') return typeof value === 'string' && normalizeEmail(value) && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.trim()) ? null : 'not an email address';
  if (field === 'phone') return typeof value === 'string' && normalizePhone(value) ? null : 'not a phone number';
  if (field === 'name') return typeof value === 'string' && value.trim().length >= 1 && value.trim().length <= 200 ? null : 'a name is 1 to 200 characters';
  const dto = plainToInstance(ProfileInputDto, { [field]: value });
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length ? errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ') : null;
}

/**
 * Why a fact may not be recorded under fair housing, or null: the words a steering request was
 * made of (its quote overlaps them, or its value describes a place by its people), and financing
 * read from a loan question tied to a protected group.
 */
function fairHousingProblem(fact: ProfileFactArgs, state: TurnState, text: string): string | null {
  const screen = state.facts.policy.fairHousing;
  const ownMessage = (fact.messageId ?? state.facts.message.id) === state.facts.message.id;
  if (ownMessage && screen.verdict === 'lending_group' && fact.field === 'financing') return 'a loan question tied to a protected group is not a financing fact (fair lending)';
  // Places and wishes are what a search runs on; a name or an email is never read as steering.
  const values = fact.field === 'locations' || fact.field === 'mustHaves' ? (Array.isArray(fact.value) ? fact.value : [fact.value]).filter((v): v is string => typeof v === 'string') : [];
  const steeringValue = values.map(protectedCharacteristicIn).find(Boolean);
  if (steeringValue) return `homes are never chosen by ${steeringValue} (fair housing)`;
  if (ownMessage && screen.verdict === 'steering') {
    const lower = text.toLowerCase();
    const at = lower.indexOf(fact.quote.toLowerCase());
    const overlaps = (from: number, to: number) => screen.spans.some((s) => from < s.end && to > s.start);
    const steeringWords = screen.spans.map((s) => lower.slice(s.start, s.end));
    if (at >= 0 ? overlaps(at, at + fact.quote.length) : steeringWords.some((w) => squash(fact.quote).includes(squash(w)))) return 'these words ask to choose homes by who lives there (fair housing)';
    if (values.some((v) => !state.facts.knownPlaces.has(v.toLowerCase()) && steeringWords.some((w) => w.split(/\W+/).some((word) => word.length > 2 && new RegExp(`\\b${word}\\b`, 'i').test(v))))) return 'these words ask to choose homes by who lives there (fair housing)';
  }
  return null;
}

/**
 * Records facts about the lead, each with its evidence: the message it was read from, the exact
 * words and a confidence. A fact whose words are not in that message is refused — every fact on a
 * profile must be traceable to what the lead actually wrote.
 */
export class UpdateLeadProfileTool implements AgentTool<UpdateLeadProfileArgs> {
  readonly argsType = UpdateLeadProfileArgs;
  readonly spec = {
    name: 'update_lead_profile',
    description:
      "Record facts about the lead. Each fact: field, value, the lead's exact words (quote) and your confidence 0..1. Fields: purpose (buy|rent|sell — a seller's other fields describe the home they sell and when), budgetMin, budgetMax (whole units), currency (ISO 4217), bedrooms, bathrooms, propertyTypes (house|townhouse|condo|apartment|land), locations (place names), timeline (asap|1-3_months|3-6_months|6-12_months|later), financing (cash|pre_approved|mortgage_needed|unknown), pets, furnished (booleans), mustHaves (e.g. garage, in-unit laundry), email, phone, name. A value replaces the field's previous value. Record what the lead needs or states, never what they only ask about (\"is it furnished?\" is a question to answer, not a need).",
    parameters: {
      type: 'object',
      properties: {
        facts: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              field: { type: 'string', enum: [...FIELDS] },
              value: { description: 'number, string, boolean, list of strings, or null' },
              quote: { type: 'string' },
              confidence: { type: 'number', minimum: 0, maximum: 1 },
              messageId: { type: 'string', description: 'Only to cite an earlier message of this lead.' },
            },
            required: ['field', 'value', 'quote', 'confidence'],
            additionalProperties: false,
          },
        },
      },
      required: ['facts'],
      additionalProperties: false,
    },
  };

  run(args: UpdateLeadProfileArgs, state: TurnState): Promise<ToolResult> {
    const recorded: string[] = [];
    const refused: { field: string; reason: string }[] = [];
    const profile = state.facts.profile as unknown as Record<string, unknown>;
    const budgetBefore = { budgetMin: state.facts.profile.budgetMin, budgetMax: state.facts.profile.budgetMax };
    const changesBefore = { budgetMin: state.profileChanges.get('budgetMin'), budgetMax: state.profileChanges.get('budgetMax') };
    for (const fact of args.facts) {
      const messageId = fact.messageId ?? state.facts.message.id;
      const text = state.leadMessages.get(messageId);
      if (text === undefined) {
        refused.push({ field: fact.field, reason: 'messageId is not a message of this lead' });
        continue;
      }
      if (!squash(text).includes(squash(fact.quote))) {
        refused.push({ field: fact.field, reason: 'quote is not in the message' });
        continue;
      }
      const fairHousing = fairHousingProblem(fact, state, text);
      if (fairHousing) {
        refused.push({ field: fact.field, reason: fairHousing });
        continue;
      }
      const problem = fact.value === null && (CONTACT_FIELDS as readonly string[]).includes(fact.field) ? 'contact details cannot be cleared here' : fact.value === null ? null : invalidValue(fact.field, fact.value);
      if (problem) {
        refused.push({ field: fact.field, reason: problem });
        continue;
      }
      const evidence = { messageId, quote: fact.quote, confidence: fact.confidence };
      if ((CONTACT_FIELDS as readonly string[]).includes(fact.field)) {
        const field = fact.field as (typeof CONTACT_FIELDS)[number];
        state.contactChanges.set(field, { field, value: String(fact.value).trim(), evidence });
        if (field === 'email') state.facts.contact.email = String(fact.value).trim();
        if (field === 'phone') state.facts.contact.phone = String(fact.value).trim();
        if (field === 'name') state.facts.leadName = String(fact.value).trim();
      } else {
        const value = fact.value === null && Array.isArray(profile[fact.field]) ? [] : fact.value;
        state.profileChanges.set(fact.field, { field: fact.field, value, evidence });
        profile[fact.field] = value;
      }
      recorded.push(fact.field);
    }
    const { budgetMin, budgetMax } = state.facts.profile;
    if (budgetMin !== null && budgetMax !== null && budgetMin > budgetMax) {
      // Keep the profile consistent: a minimum above the maximum is a misreading, drop both.
      for (const f of ['budgetMin', 'budgetMax'] as const) {
        const earlier = changesBefore[f];
        if (earlier) state.profileChanges.set(f, earlier);
        else state.profileChanges.delete(f);
        state.facts.profile[f] = budgetBefore[f];
        refused.push({ field: f, reason: 'budgetMin must not be greater than budgetMax' });
      }
      return Promise.resolve({ ok: false, summary: 'budgetMin must not be greater than budgetMax', data: { recorded: recorded.filter((f) => !f.startsWith('budget')), refused } });
    }
    const ok = recorded.length > 0;
    const summary = ok ? `Recorded ${recorded.join(', ')}${refused.length ? `; refused ${refused.map((r) => `${r.field} (${r.reason})`).join(', ')}` : ''}` : `Nothing recorded: ${refused.map((r) => `${r.field} (${r.reason})`).join(', ')}`;
    return Promise.resolve({ ok, summary, data: { recorded, refused } });
  }
}
