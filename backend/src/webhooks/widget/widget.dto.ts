import { IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const TEXT = /^(?=[\s\S]*\S)[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

export class StartWidgetChatDto {
  /** The website's public key (`pk_…`, from Admin → Integrations). */
  @Matches(/^pk_[0-9a-f]{32}$/, { message: 'siteKey must be a site public key (pk_…)' })
  siteKey: string;

  /** The visitor's language (`navigator.language`, e.g. "es-MX"); when absent, the browser's Accept-Language is used. Routing rules may match on it. */
  @IsOptional()
  @IsString()
  @MaxLength(35)
  language?: string;
}

export class WidgetChatStartedDto {
  /** The anonymous visitor token: send it with every message of this chat. */
  visitorToken: string;
}

export class WidgetTurnDto {
  @IsString()
  @MinLength(20)
  @MaxLength(2000)
  visitorToken: string;

  /** What the visitor wrote. */
  @IsString()
  @Length(1, 2000)
  @Matches(TEXT, { message: 'message must be text with at least one visible character and no control characters' })
  message: string;
}

export class WidgetContactDto {
  @IsString()
  @MinLength(20)
  @MaxLength(2000)
  visitorToken: string;

  @IsString()
  @Length(1, 200)
  @Matches(TEXT, { message: 'name must be text' })
  name: string;

  @Matches(/^[+\d][\d\s().-]{5,30}$/, { message: 'phone must be a phone number' })
  phone: string;
}
