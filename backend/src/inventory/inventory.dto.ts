import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsIn, IsInt, IsLatitude, IsLongitude, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsDecimal } from '../core/http/decimal';
import { UnitEntity } from './unit.entity';
import { UnitPurpose, UnitStatus, UnitType } from './unit.enums';

const csv = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;

const MAX_PRICE = 10_000_000_000;

export type SearchMode = 'hybrid' | 'lexical' | 'semantic';

export const UNIT_SORTS = ['price', '-price', 'newest', 'beds', '-beds', 'size', '-size'] as const;
export type UnitSort = (typeof UNIT_SORTS)[number];

export class SearchUnitsQueryDto {
  @ApiProperty({ enum: UnitPurpose, enumName: 'UnitPurpose', required: false })
  @IsOptional()
  @IsEnum(UnitPurpose)
  purpose?: UnitPurpose;

  /** One or more types, comma-separated. */
  @ApiProperty({ enum: UnitType, enumName: 'UnitType', isArray: true, required: false })
  @IsOptional()
  @Transform(csv)
  @IsEnum(UnitType, { each: true })
  type?: UnitType[];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  priceMin?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  priceMax?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(20)
  bedsMin?: number;

  @IsOptional()
  @Type(() => Number)
  // At most two decimals, like the stored bathrooms: a subnormal such as 5e-324 is out of range
  // for PostgreSQL's real and was a 500 (found by the API fuzz suite).
  @IsDecimal(2)
  @Min(0)
  @Max(20)
  bathsMin?: number;

  @IsOptional()
  @IsString()
  @Length(1, 120)
  city?: string;

  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'zip must be 5 digits' })
  zip?: string;

  /** Neighbourhood or area name. */
  @IsOptional()
  @IsString()
  @Length(1, 120)
  area?: string;

  /** Default: available. */
  @ApiProperty({ enum: UnitStatus, enumName: 'UnitStatus', isArray: true, required: false })
  @IsOptional()
  @Transform(csv)
  @IsEnum(UnitStatus, { each: true })
  status?: UnitStatus[];

  /** What the buyer is looking for, in their words. Ranked by meaning and by words (see `mode`). */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  q?: string;

  /**
   * How `q` ranks: `hybrid` (default) fuses full-text and semantic rankings (reciprocal rank
   * fusion); `lexical` and `semantic` use one of them. Structured filters always apply.
   */
  @ApiProperty({ enum: ['hybrid', 'lexical', 'semantic'], required: false })
  @IsOptional()
  @IsIn(['hybrid', 'lexical', 'semantic'])
  mode?: SearchMode;

  @ApiProperty({ enum: UNIT_SORTS, required: false })
  @IsOptional()
  @IsIn(UNIT_SORTS)
  sort?: UnitSort;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class CreateUnitDto {
  /** The brokerage's own listing reference; unique. */
  @IsString()
  @Length(1, 64)
  ref: string;

  @IsString()
  @Length(1, 200)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiProperty({ enum: UnitType, enumName: 'UnitType' })
  @IsEnum(UnitType)
  type: UnitType;

  @ApiProperty({ enum: UnitPurpose, enumName: 'UnitPurpose' })
  @IsEnum(UnitPurpose)
  purpose: UnitPurpose;

  /** Whole currency units; monthly rent for rentals. */
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  price: number;

  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a 3-letter ISO code such as USD' })
  currency?: string;

  @IsInt()
  @Min(0)
  @Max(50)
  bedrooms: number;

  @IsDecimal(2)
  @Min(0)
  @Max(50)
  bathrooms: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  sizeSqft?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  lotSqft?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1700)
  @Max(2100)
  yearBuilt?: number | null;

  /** Number and street (and unit number if any), e.g. "4512 Fremont Ave N #3". */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  street?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 120)
  area?: string | null;

  @IsString()
  @Length(1, 120)
  city: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9 -]{3,10}$/, { message: 'zip must be 3–10 letters or digits' })
  zip?: string | null;

  @IsOptional()
  @IsLatitude()
  lat?: number | null;

  @IsOptional()
  @IsLongitude()
  lng?: number | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  features?: string[];

  @ApiProperty({ enum: UnitStatus, enumName: 'UnitStatus', required: false })
  @IsOptional()
  @IsEnum(UnitStatus)
  status?: UnitStatus;
}

export class UpdateUnitDto extends PartialType(CreateUnitDto) {}

export class UnitDto {
  id: string;
  ref: string;
  title: string;
  description: string;
  @ApiProperty({ enum: UnitType, enumName: 'UnitType' })
  type: UnitType;
  @ApiProperty({ enum: UnitPurpose, enumName: 'UnitPurpose' })
  purpose: UnitPurpose;
  price: number;
  currency: string;
  bedrooms: number;
  bathrooms: number;
  sizeSqft: number | null;
  lotSqft: number | null;
  yearBuilt: number | null;
  street: string | null;
  area: string | null;
  city: string;
  zip: string | null;
  lat: number | null;
  lng: number | null;
  features: string[];
  @ApiProperty({ enum: UnitStatus, enumName: 'UnitStatus' })
  status: UnitStatus;
  /** The cover photo (the unit's first), to show on cards; null when it has none. */
  photoUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export class UnitPhotoDto {
  id: string;
  /** Where to fetch the image (no sign-in needed: listing photos are for showing). */
  url: string;
  contentType: string;
  sizeBytes: number;
}

/** One unit with all its photos, in order. */
export class UnitDetailDto extends UnitDto {
  photos: UnitPhotoDto[];
}

export const photoUrlOf = (unitId: string, photoId: string) => `/api/inventory/${unitId}/photos/${photoId}`;

/** A unit row read by plain SQL (search, by ids) to the API shape. */
export const mapUnitRow = (r: Omit<UnitDto, 'createdAt' | 'updatedAt' | 'photoUrl'> & { coverPhotoId: string | null; createdAt: Date; updatedAt: Date }): UnitDto => {
  const { coverPhotoId, ...rest } = r;
  return { ...rest, photoUrl: coverPhotoId ? photoUrlOf(r.id, coverPhotoId) : null, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
};

/** Why a unit is in the results. */
export class MatchWhyDto {
  /** The structured filters it meets, in words. */
  filters: string[];
  /** Words of the query found in its text. */
  terms: string[];
  /** Cosine similarity between query and unit, when ranked by meaning. */
  semantic: number | null;
  /** Rank in the full-text list (1 = best), when it was in it. */
  lexicalRank: number | null;
  /** Rank in the semantic list (1 = best), when it was in it. */
  semanticRank: number | null;
}

export class UnitHitDto extends UnitDto {
  /** Relevance: the fused score for text searches (higher is better); null without a query. */
  matchScore: number | null;
  why: MatchWhyDto;
}

export class UnitPageDto {
  items: UnitHitDto[];
  /** Matching units: exact up to 1,000, the database's estimate above (then totalExact is false). */
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
}

export class UnderstandSearchQueryDto {
  /** What the person typed into search ("3 bed house in Ballard under 900k"). */
  @IsString()
  @Length(1, 500)
  q: string;
}

/** The search filters read from typed text, with the words left over; the same reading as the assistant's. */
export class SearchTextReadingDto {
  @ApiProperty({ enum: UnitPurpose, enumName: 'UnitPurpose', required: false })
  purpose?: UnitPurpose;
  @ApiProperty({ enum: UnitType, enumName: 'UnitType', isArray: true, required: false })
  type?: UnitType[];
  priceMin?: number;
  priceMax?: number;
  bedsMin?: number;
  bathsMin?: number;
  /** A city the inventory has units in. */
  city?: string;
  /** An area the inventory has units in, as stored. */
  area?: string;
  zip?: string;
  /** Wishes about the home or its surroundings ("near a park", "garage"): searched by words and meaning, not a place. */
  features: string[];
  /** The text without the words read into filters. */
  text: string;
}

export const mapUnit = (u: UnitEntity): UnitDto => ({
  id: u.id,
  ref: u.ref,
  title: u.title,
  description: u.description,
  type: u.type,
  purpose: u.purpose,
  price: u.price,
  currency: u.currency,
  bedrooms: u.bedrooms,
  bathrooms: u.bathrooms,
  sizeSqft: u.sizeSqft,
  lotSqft: u.lotSqft,
  yearBuilt: u.yearBuilt,
  street: u.street,
  area: u.area,
  city: u.city,
  zip: u.zip,
  lat: u.lat,
  lng: u.lng,
  features: u.features,
  status: u.status,
  photoUrl: u.coverPhotoId ? photoUrlOf(u.id, u.coverPhotoId) : null,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});

