import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { InboundSourceKind } from './inbound-source.entity';
import { MAPPING_TARGET_NAMES } from './field-mapping';

export class CreateInboundSourceDto {
  /** The name brokers see on leads and in Integrations ("Zillow", "Spring landing page"). */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: InboundSourceKind, enumName: 'InboundSourceKind', description: '`signed`: a partner posting signed JSON; `web_form`: one of the brokerage’s websites' })
  @IsEnum(InboundSourceKind)
  kind: InboundSourceKind;

  /** Signed sources: the URL key (`/api/webhooks/inbound/<key>`); lowercase letters, digits and dashes. Web forms get a generated public key. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,59}$/, { message: 'key must be 2-60 lowercase letters, digits or dashes' })
  key?: string;

  /** Signed sources: which JSON path fills which field. */
  @ApiProperty({
    required: false,
    type: Object,
    additionalProperties: { type: 'string' },
    description: `Target field → JSON path. Targets: ${MAPPING_TARGET_NAMES.join(', ')}`,
    example: { name: '$.lead.full_name', email: '$.lead.email', phone: '$.lead.phone', budget: '$.answers[0].value' },
  })
  @IsOptional()
  @IsObject()
  mapping?: Record<string, string>;
}

export class InboundSourceDto {
  id: string;
  name: string;
  @ApiProperty({ enum: InboundSourceKind, enumName: 'InboundSourceKind' })
  kind: InboundSourceKind;
  /** The URL key of a signed source, or a web form's public key (safe to put in a web page). */
  key: string;
  /** Where the source sends: the signed webhook URL, or the public leads URL. */
  url: string;
  @ApiProperty({ type: Object, additionalProperties: { type: 'string' } })
  mapping: Record<string, string>;
  enabled: boolean;
  lastDeliveryAt: string | null;
  /** Leads this source brought. */
  leads: number;
  /** Its events that failed (retrying or dead). */
  failing: number;
  createdAt: string;
}

export class CreatedInboundSourceDto extends InboundSourceDto {
  /** The signing secret (signed sources), shown this once only. */
  secret: string | null;
}
