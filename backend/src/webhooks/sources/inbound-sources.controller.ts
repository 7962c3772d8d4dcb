import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public, Roles } from '../../core/auth/auth.decorators';
import { RateLimit } from '../../core/rate-limit/rate-limit.decorator';
import { UserRole } from '../../users/user.entity';
import { DeliveryAcceptedDto } from '../webhooks.dto';
import { CreatedInboundSourceDto, CreateInboundSourceDto, InboundSourceDto } from './inbound-sources.dto';
import { InboundSourcesService } from './inbound-sources.service';
import { PublicLeadAcceptedDto, PublicLeadDto } from './public-leads.dto';

/** Any other source: JSON signed with Standard Webhooks, mapped by the source's admin-defined mapping. */
@ApiTags('webhooks')
@Public()
@RateLimit('webhooks')
@Controller('webhooks/inbound')
export class InboundWebhooksController {
  constructor(private readonly sources: InboundSourcesService) {}

  /** A delivery from an admin-defined source. Stored before the 200 (a reused webhook-id has no second effect); the lead is made by the workers. */
  @Post(':sourceKey')
  @HttpCode(200)
  @RouteConfig({ rawBody: true })
  @ApiHeader({ name: 'webhook-id', required: true, example: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' })
  @ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds; refused beyond 5 minutes from now', example: '1796410000' })
  @ApiHeader({ name: 'webhook-signature', required: true, description: 'Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed by the source secret', example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true }, examples: { portal: { summary: 'A portal enquiry', value: { lead: { full_name: 'Dana Reyes', email: 'dana@example.com', phone: '+12065550100' }, answers: [{ q: 'Budget', value: '500-600k' }] } } } })
  @ApiOkResponse({ type: DeliveryAcceptedDto })
  @ApiResponse({ status: 400, description: 'Not JSON' })
  @ApiResponse({ status: 401, description: '`invalid_signature` or `stale_timestamp`: nothing stored' })
  @ApiResponse({ status: 404, description: 'No enabled source with this key' })
  @ApiResponse({ status: 429, description: 'Too many deliveries from this address' })
  receiveInbound(@Param('sourceKey') key: string, @Req() req: FastifyRequest, @Headers() headers: Record<string, string | string[] | undefined>): Promise<DeliveryAcceptedDto> {
    return this.sources.receiveSigned(key, req.body, headers, req.id);
  }
}

/** The brokerage's own website forms. Public, rate-limited per client address. */
@ApiTags('public')
@Public()
@RateLimit('website')
@Controller('public')
export class PublicLeadsController {
  constructor(private readonly sources: InboundSourcesService) {}

  /** A website enquiry → a lead with source web (made by the workers). The consent text and the time it was received are kept on the lead. */
  @Post('leads')
  @HttpCode(202)
  @ApiResponse({ status: 202, type: PublicLeadAcceptedDto, description: 'Accepted' })
  @ApiResponse({ status: 400, description: 'Missing consent, no contact detail, or a malformed field' })
  @ApiResponse({ status: 404, description: 'Unknown or disabled site key' })
  @ApiResponse({ status: 429, description: 'Too many submissions from this address' })
  submitWebLead(@Body() dto: PublicLeadDto, @Req() req: FastifyRequest): Promise<PublicLeadAcceptedDto> {
    return this.sources.receiveWebForm(dto, req.id, req.headers['accept-language']);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(UserRole.Admin)
@Controller('admin/integrations/sources')
export class InboundSourcesAdminController {
  constructor(private readonly sources: InboundSourcesService) {}

  /** Admin-defined sources with their last delivery, leads and failures (secrets are never listed). */
  @Get()
  listInboundSources(): Promise<InboundSourceDto[]> {
    return this.sources.list();
  }

  /** Creates a source. A signed source's secret is in this answer only. */
  @Post()
  createInboundSource(@Body() dto: CreateInboundSourceDto): Promise<CreatedInboundSourceDto> {
    return this.sources.create(dto);
  }

  /** Stops a source: its deliveries are refused (404) until it is enabled again. */
  @Post(':id/disable')
  @HttpCode(200)
  disableInboundSource(@Param('id', ParseUUIDPipe) id: string): Promise<InboundSourceDto> {
    return this.sources.setEnabled(id, false);
  }

  @Post(':id/enable')
  @HttpCode(200)
  enableInboundSource(@Param('id', ParseUUIDPipe) id: string): Promise<InboundSourceDto> {
    return this.sources.setEnabled(id, true);
  }
}
