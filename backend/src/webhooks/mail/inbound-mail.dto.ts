import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/**
 * An email as the mail provider parsed it (SendGrid Inbound Parse, Mailgun routes, Postmark
 * inbound, or a small script in front of your own mail server), posted as JSON.
 */
export class InboundMailDto {
  @ApiProperty({ description: 'The sender: an address, or `Name <address>`', example: 'Dana Reyes <dana@example.com>' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  from: string;

  @ApiProperty({ description: 'Where it was sent (your inbound address); kept for the record', example: 'replies@mail.openhouse.example' })
  @IsString()
  @MaxLength(2000)
  to: string;

  @ApiProperty({ example: 'Re: The Ballard condo' })
  @IsString()
  @MaxLength(998)
  subject: string;

  @ApiProperty({ description: 'The plain-text body, quoted thread included (it is cut off when the message is stored)', example: 'Yes, Saturday at 10 works for me.\n\nOn Fri, Dec 4, 2026 Lena Lister wrote:\n> Would you like to see it this week?' })
  @IsString()
  @MaxLength(200_000)
  text: string;

  @ApiPropertyOptional({ description: 'The HTML body, if any (kept with the raw delivery; the text body is what is read)' })
  @IsOptional()
  @IsString()
  @MaxLength(500_000)
  html?: string;

  @ApiProperty({ description: 'The email’s Message-ID header: the same Message-ID twice is one message', example: '<CAF=abc123@mail.example.com>' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  @Matches(/^\S+$/, { message: 'messageId must have no spaces' })
  messageId: string;

  @ApiPropertyOptional({ description: 'Its In-Reply-To header: the Message-ID of our email it answers', example: '<person=3Aa1b2@openhouse.local>' })
  @IsOptional()
  @IsString()
  @MaxLength(998)
  inReplyTo?: string;

  @ApiPropertyOptional({ description: 'Its References header, split into Message-IDs', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(998, { each: true })
  references?: string[];

  @ApiPropertyOptional({ description: 'When it was written (its Date header)', example: '2026-12-04T18:20:00Z' })
  @IsOptional()
  @IsISO8601()
  date?: string;
}
