import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

/** A website's enquiry form. */
export class PublicLeadDto {
  /** The site's public key (`pk_…`, from Admin → Integrations). */
  @Matches(/^pk_[0-9a-f]{32}$/, { message: 'siteKey must be a site public key (pk_…)' })
  siteKey: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @Matches(/^[+\d][\d\s().-]{5,30}$/, { message: 'phone must be a phone number' })
  phone?: string;

  /** What the visitor wrote. */
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  message?: string;

  /** The consent text the visitor agreed to, word for word (stored with the time it was received). */
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  consentText: string;

  /** The visitor's language (the page's `lang`, or `navigator.language`: "es-MX"); when absent, the browser's Accept-Language is used. Routing rules may match on it. */
  @IsOptional()
  @IsString()
  @MaxLength(35)
  language?: string;

  /** The page the form was on. */
  @IsOptional()
  @Matches(/^https?:\/\/\S{1,500}$/, { message: 'pageUrl must be an http(s) URL' })
  pageUrl?: string;

  /** Sent again on a retry so one submission is one lead. */
  @IsOptional()
  @IsUUID()
  submissionId?: string;

  /** Honeypot: a hidden field people leave empty. Anything in it marks a bot (answered, not stored). */
  @ApiProperty({ required: false, description: 'Leave empty (hidden from people; bots fill it)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  website?: string;
}

export class PublicLeadAcceptedDto {
  accepted: boolean;
}
