import { Controller, Get, Header, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../core/auth/auth.decorators';
import { RateLimit } from '../core/rate-limit/rate-limit.decorator';
import { LEADGEN_EXAMPLE, WHATSAPP_EXAMPLE } from './webhook-examples';
import { WebhookProvider } from './webhook-event.entity';
import { DeliveryAcceptedDto } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

const SIGNATURE = { name: 'X-Hub-Signature-256', required: true, description: '`sha256=` + hex HMAC-SHA256 of the exact request bytes, keyed by the Meta app secret', example: 'sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914' };
const HANDSHAKE = [
  { name: 'hub.mode', required: true, example: 'subscribe' },
  { name: 'hub.verify_token', required: true, example: 'the-token-in-META_VERIFY_TOKEN' },
  { name: 'hub.challenge', required: true, example: '1158201444' },
];
const REFUSALS = [
  { status: 400, description: 'Not JSON, or not a delivery for this route (unknown `object`)' },
  { status: 401, description: 'Signature missing, malformed or wrong: nothing stored' },
  { status: 413, description: 'Body over the size limit' },
  { status: 415, description: 'Not application/json' },
  { status: 429, description: 'Too many deliveries from this address' },
  { status: 503, description: '`webhooks_not_configured`: META_APP_SECRET is not set' },
];

/**
 * Meta's webhooks (Lead Ads and the WhatsApp Cloud API). Public: the signature is the
 * authentication. Rate-limited per client address. The POST body is kept as raw bytes.
 */
@ApiTags('webhooks')
@Public()
@RateLimit('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Meta's subscription handshake for Lead Ads: answers the challenge when the verify token matches. */
  @Get('leadads')
  @ApiOperation({ operationId: 'verifyLeadAdsSubscription' })
  @ApiQuery(HANDSHAKE[0])
  @ApiQuery(HANDSHAKE[1])
  @ApiQuery(HANDSHAKE[2])
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The challenge, as text', schema: { type: 'string', example: '1158201444' } })
  @ApiResponse({ status: 403, description: 'Wrong mode or verify token' })
  @Header('content-type', 'text/plain; charset=utf-8')
  verifyLeadAdsSubscription(@Query('hub.mode') mode?: string, @Query('hub.verify_token') token?: string, @Query('hub.challenge') challenge?: string): string {
    return this.webhooks.verifySubscription(mode, token, challenge);
  }

  /** A Lead Ads delivery (`object: page`, `leadgen` changes). Stored before the 200; the leads are made by the workers. */
  @Post('leadads')
  @HttpCode(200)
  @RouteConfig({ rawBody: true })
  @ApiHeader(SIGNATURE)
  @ApiBody({ schema: { type: 'object', additionalProperties: true }, examples: { leadgen: { summary: 'One paid lead', value: LEADGEN_EXAMPLE } } })
  @ApiOkResponse({ type: DeliveryAcceptedDto })
  @ApiResponse(REFUSALS[0])
  @ApiResponse(REFUSALS[1])
  @ApiResponse(REFUSALS[2])
  @ApiResponse(REFUSALS[3])
  @ApiResponse(REFUSALS[4])
  @ApiResponse(REFUSALS[5])
  receiveLeadAds(@Req() req: FastifyRequest, @Headers('x-hub-signature-256') signature?: string): Promise<DeliveryAcceptedDto> {
    return this.webhooks.receive(WebhookProvider.LeadAds, req.body, signature, req.id);
  }

  /** Meta's subscription handshake for WhatsApp. */
  @Get('whatsapp')
  @ApiOperation({ operationId: 'verifyWhatsAppSubscription' })
  @ApiQuery(HANDSHAKE[0])
  @ApiQuery(HANDSHAKE[1])
  @ApiQuery(HANDSHAKE[2])
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The challenge, as text', schema: { type: 'string', example: '1158201444' } })
  @ApiResponse({ status: 403, description: 'Wrong mode or verify token' })
  @Header('content-type', 'text/plain; charset=utf-8')
  verifyWhatsAppSubscription(@Query('hub.mode') mode?: string, @Query('hub.verify_token') token?: string, @Query('hub.challenge') challenge?: string): string {
    return this.webhooks.verifySubscription(mode, token, challenge);
  }

  /** A WhatsApp Cloud API delivery (`object: whatsapp_business_account`: messages and statuses). */
  @Post('whatsapp')
  @HttpCode(200)
  @RouteConfig({ rawBody: true })
  @ApiHeader(SIGNATURE)
  @ApiBody({ schema: { type: 'object', additionalProperties: true }, examples: { text: { summary: 'A text message from a new number', value: WHATSAPP_EXAMPLE } } })
  @ApiOkResponse({ type: DeliveryAcceptedDto })
  @ApiResponse(REFUSALS[0])
  @ApiResponse(REFUSALS[1])
  @ApiResponse(REFUSALS[2])
  @ApiResponse(REFUSALS[3])
  @ApiResponse(REFUSALS[4])
  @ApiResponse(REFUSALS[5])
  receiveWhatsApp(@Req() req: FastifyRequest, @Headers('x-hub-signature-256') signature?: string): Promise<DeliveryAcceptedDto> {
    return this.webhooks.receive(WebhookProvider.WhatsApp, req.body, signature, req.id);
  }
}
