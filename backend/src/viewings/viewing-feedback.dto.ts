import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PriceFeeling, ViewingFeedbackEntity } from './viewing-feedback.entity';

/** What the lead thought of the home: from the feedback page, or told to the agent. */
export class ViewingFeedbackInputDto {
  /** Did they like the home? */
  @IsBoolean()
  liked: boolean;

  /** Features of the home they liked (from the home's own list). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  likedFeatures?: string[];

  /** Features of the home they did not like (from the home's own list): similar homes go lower in their matches. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  dislikedFeatures?: string[];

  /** How the price feels. */
  @ApiProperty({ enum: PriceFeeling, enumName: 'PriceFeeling', required: false, nullable: true })
  @IsOptional()
  @IsEnum(PriceFeeling)
  priceFeeling?: PriceFeeling | null;

  /** Anything else, in their own words. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string | null;
}

export class ViewingFeedbackDto {
  id: string;
  viewingId: string;
  unitId: string;
  liked: boolean;
  likedFeatures: string[];
  dislikedFeatures: string[];
  @ApiProperty({ enum: PriceFeeling, enumName: 'PriceFeeling', nullable: true })
  priceFeeling: PriceFeeling | null;
  comment: string | null;
  /** Given by the lead through their link, or recorded by an agent. */
  @ApiProperty({ enum: ['lead', 'agent'] })
  source: 'lead' | 'agent';
  createdAt: string;
}

export function mapFeedback(f: ViewingFeedbackEntity): ViewingFeedbackDto {
  return { id: f.id, viewingId: f.viewingId, unitId: f.unitId, liked: f.liked, likedFeatures: f.likedFeatures, dislikedFeatures: f.dislikedFeatures, priceFeeling: f.priceFeeling, comment: f.comment, source: f.source, createdAt: f.createdAt.toISOString() };
}

/** The public feedback page: what it asks about (no personal data beyond the lead's first name). */
export class FeedbackFormDto {
  /** The lead's first name, for the greeting. */
  firstName: string;
  unitTitle: string;
  address: string;
  /** The home's features, offered as chips to like or dislike. */
  features: string[];
  /** The asking price in words, e.g. "$650,000". */
  price: string;
  /** When the viewing was, in the lead's time zone, in words. */
  when: string;
  /** Already answered: the page thanks them instead of asking again. */
  answered: boolean;
}

/** A viewing of the lead's that has happened, with its feedback if any (the lead page). */
export class HeldViewingDto {
  viewingId: string;
  unitId: string;
  unitTitle: string;
  address: string;
  startsAt: string;
  /** The home's features, for recording feedback. */
  features: string[];
  @ApiProperty({ type: ViewingFeedbackDto, nullable: true })
  feedback: ViewingFeedbackDto | null;
}

export class FeatureCountDto {
  feature: string;
  count: number;
}

export class FeedbackQuoteDto {
  text: string;
  /** First name and initial only, e.g. "Dana K.". */
  by: string;
  liked: boolean;
  at: string;
}

export class PricePerceptionDto {
  tooHigh: number;
  aboutRight: number;
  goodValue: number;
}

/** For the seller: how the home is being received. No lead's personal data beyond first names and initials. */
export class SellerReportDto {
  unitId: string;
  ref: string;
  title: string;
  address: string;
  /** The asking price in words. */
  price: string;
  /** Viewings that have taken place (not cancelled, ended). */
  viewingsHeld: number;
  /** Viewings booked and still to come. */
  viewingsUpcoming: number;
  /** How many of the held viewings have feedback. */
  feedbackCount: number;
  liked: number;
  disliked: number;
  /** Features buyers liked, most often first. */
  commonLikes: FeatureCountDto[];
  /** Features buyers did not like, most often first. */
  commonDislikes: FeatureCountDto[];
  pricePerception: PricePerceptionDto;
  /** Buyers' own words, newest first (at most 10). */
  quotes: FeedbackQuoteDto[];
  /** Open leads of the brokerage this home currently fits ("buyers for this listing"). */
  matchingBuyers: number;
  generatedAt: string;
}
