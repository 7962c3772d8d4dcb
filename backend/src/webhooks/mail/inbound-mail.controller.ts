import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../core/auth/auth.decorators';
import { RateLimit } from '../../core/rate-limit/rate-limit.decorator';
import { DeliveryAcceptedDto } from '../webhooks.dto';
import { InboundMailDto } from './inbound-mail.dto';
import { InboundMailService } from './inbound-mail.service';

/** Email replies from leads, posted by the mail provider as parsed JSON. Public: the signature is the authentication. */
@ApiTags('webhooks')
@Public()
@RateLimit('webhooks')
@Controller('webhooks/inbound-mail')
export class InboundMailController {
  constructor(private readonly mail: InboundMailService) {}

  /**
   * One email (a lead's reply, or a first email from someone new), signed with Standard Webhooks
   * by INBOUND_MAIL_SECRET. Stored before the 200 (the same Message-ID again has no second
   * effect); the message is put on the lead by the workers. See docs/EMAIL.md.
   */
  @Post()
  @HttpCode(200)
  @RouteConfig({ rawBody: true })
  @ApiHeader({ name: 'webhook-id', required: true, example: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' })
  @ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds; refused beyond 5 minutes from now', example: '1796410000' })
  @ApiHeader({ name: 'webhook-signature', required: true, description: 'Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed by INBOUND_MAIL_SECRET', example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' })
  @ApiBody({ type: InboundMailDto })
  @ApiOkResponse({ type: DeliveryAcceptedDto })
  @ApiResponse({ status: 400, description: 'Not JSON, or a field missing or malformed (`invalid_mail`, with the fields): nothing stored' })
  @ApiResponse({ status: 401, description: '`invalid_signature` or `stale_timestamp`: nothing stored' })
  @ApiResponse({ status: 415, description: 'Not application/json' })
  @ApiResponse({ status: 429, description: 'Too many deliveries from this address' })
  @ApiResponse({ status: 503, description: '`inbound_mail_not_configured`: INBOUND_MAIL_SECRET is not set' })
  receiveInboundMail(@Req() req: FastifyRequest, @Headers() headers: Record<string, string | string[] | undefined>): Promise<DeliveryAcceptedDto> {
    return this.mail.receive(req.body, headers, req.id);
  }
}
