import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsDecimal } from '../core/http/decimal';
import { UnitType } from '../words/home-types';
import { Financing, Purpose, Timeline } from './lead.enums';
import type { FieldEvidence, LeadProfileEntity } from './lead-profile.entity';

const MAX_MONEY = 10_000_000_000;

/** What a lead wants. Every field is optional; `null` clears it. */
export class ProfileInputDto {
  @ApiProperty({ enum: Purpose, enumName: 'Purpose', required: false, nullable: true })
  @IsOptional()
  @IsEnum(Purpose)
  purpose?: Purpose | null;

  /** Whole currency units. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY)
  budgetMin?: number | null;

  /** Whole currency units; monthly for rentals. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY)
  budgetMax?: number | null;

  /** ISO 4217, e.g. USD. */
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a 3-letter ISO code such as USD' })
  currency?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  bedrooms?: number | null;

  @IsOptional()
  @IsDecimal(2)
  @Min(0)
  @Max(20)
  bathrooms?: number | null;

  @ApiProperty({ enum: UnitType, enumName: 'UnitType', isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(Object.values(UnitType), { each: true })
  propertyTypes?: UnitType[] | null;

  /** Cities, neighbourhoods or zip codes. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  locations?: string[] | null;

  @ApiProperty({ enum: Timeline, enumName: 'Timeline', required: false, nullable: true })
  @IsOptional()
  @IsEnum(Timeline)
  timeline?: Timeline | null;

  @ApiProperty({ enum: Financing, enumName: 'Financing', required: false, nullable: true })
  @IsOptional()
  @IsEnum(Financing)
  financing?: Financing | null;

  @IsOptional()
  @IsBoolean()
  pets?: boolean | null;

  @IsOptional()
  @IsBoolean()
  furnished?: boolean | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  mustHaves?: string[] | null;

  /** Features the lead does not want: homes with them rank lower in the lead's matches. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  dislikes?: string[] | null;
}

export class FieldEvidenceDto {
  @ApiProperty({ description: 'The value as it was read', oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }], nullable: true })
  value: unknown;
  /** The message the fact came from; null when a person typed it in. */
  messageId: string | null;
  /** The words of that message the fact was read from. */
  quote?: string;
  /** 0..1 */
  confidence: number;
  @ApiProperty({ enum: ['agent', 'user', 'import', 'webhook'] })
  source: 'agent' | 'user' | 'import' | 'webhook';
  at: string;
}

/** FieldEvidenceDto is only reached through `additionalProperties`, so it is registered here or the spec has a dangling $ref. */
@ApiExtraModels(FieldEvidenceDto)
export class LeadProfileDto {
  @ApiProperty({ enum: Purpose, enumName: 'Purpose', nullable: true })
  purpose: Purpose | null;
  budgetMin: number | null;
  budgetMax: number | null;
  currency: string;
  bedrooms: number | null;
  bathrooms: number | null;
  @ApiProperty({ enum: UnitType, enumName: 'UnitType', isArray: true })
  propertyTypes: UnitType[];
  locations: string[];
  @ApiProperty({ enum: Timeline, enumName: 'Timeline', nullable: true })
  timeline: Timeline | null;
  @ApiProperty({ enum: Financing, enumName: 'Financing', nullable: true })
  financing: Financing | null;
  pets: boolean | null;
  furnished: boolean | null;
  mustHaves: string[];
  /** Features the lead does not want. */
  dislikes: string[];
  /** Per field: where the value came from and how sure we are. */
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/FieldEvidenceDto' } })
  evidence: Record<string, FieldEvidence>;
  updatedAt: string | null;
}

export const PROFILE_FIELDS = [
  'purpose',
  'budgetMin',
  'budgetMax',
  'currency',
  'bedrooms',
  'bathrooms',
  'propertyTypes',
  'locations',
  'timeline',
  'financing',
  'pets',
  'furnished',
  'mustHaves',
  'dislikes',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

const ARRAY_FIELDS = new Set<ProfileField>(['propertyTypes', 'locations', 'mustHaves', 'dislikes']);

export const emptyProfile = (): LeadProfileDto => ({
  purpose: null,
  budgetMin: null,
  budgetMax: null,
  currency: 'USD',
  bedrooms: null,
  bathrooms: null,
  propertyTypes: [],
  locations: [],
  timeline: null,
  financing: null,
  pets: null,
  furnished: null,
  mustHaves: [],
  dislikes: [],
  evidence: {},
  updatedAt: null,
});

export function mapProfile(p: LeadProfileEntity | null | undefined): LeadProfileDto {
  if (!p) return emptyProfile();
  return {
    purpose: p.purpose,
    budgetMin: p.budgetMin,
    budgetMax: p.budgetMax,
    currency: p.currency,
    bedrooms: p.bedrooms,
    bathrooms: p.bathrooms,
    propertyTypes: p.propertyTypes as UnitType[],
    locations: p.locations,
    timeline: p.timeline,
    financing: p.financing,
    pets: p.pets,
    furnished: p.furnished,
    mustHaves: p.mustHaves,
    dislikes: p.dislikes ?? [],
    evidence: p.evidence as Record<string, FieldEvidence>,
    updatedAt: p.updatedAt?.toISOString() ?? null,
  };
}

/** The fields an input sets, with nulls on list fields turned into empty lists. */
export function profileChanges(input: ProfileInputDto): Partial<Record<ProfileField, unknown>> {
  const out: Partial<Record<ProfileField, unknown>> = {};
  for (const f of PROFILE_FIELDS) {
    const v = input[f];
    if (v === undefined) continue;
    out[f] = v === null && ARRAY_FIELDS.has(f) ? [] : v;
  }
  return out;
}
