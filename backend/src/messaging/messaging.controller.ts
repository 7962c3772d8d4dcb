import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../core/auth/auth-user';
import { CurrentUser, Roles } from '../core/auth/auth.decorators';
import { UserRole } from '../core/auth/roles';
import { OutboundOptionsDto, OutboxMessageDto, SendMessageDto, SendResultDto, SentMailPageDto, SentMailQueryDto } from './messaging.dto';
import { MessagingService } from './messaging.service';

@ApiTags('messaging')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('leads')
export class MessagingController {
  constructor(private readonly messaging: MessagingService) {}

  /**
   * Sends the lead a WhatsApp message (text, or an approved template) or an email, through the
   * send-policy gate. 409 `send_refused` when the gate refuses (opted out, no address, 24-hour
   * window closed on WhatsApp, quiet hours without a reason, fair-housing screen); the refusal is
   * on the lead's timeline either way. An email answers the lead's latest email (same thread).
   */
  @Post(':id/outbound')
  sendLeadMessage(@Param('id', ParseUUIDPipe) id: string, @Body() dto: SendMessageDto, @CurrentUser() user: AuthUser): Promise<SendResultDto> {
    return this.messaging.sendFromPerson(id, dto, user);
  }

  /** What you may send the lead now: whether WhatsApp's 24-hour window is open, and the approved templates for when it is not. */
  @Get(':id/outbound/options')
  getOutboundOptions(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<OutboundOptionsDto> {
    return this.messaging.outboundOptions(id, user);
  }

  /** The lead's outbound messages, newest first, with their delivery state. */
  @Get(':id/outbound')
  listLeadOutbound(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<OutboxMessageDto[]> {
    return this.messaging.listForLead(id, user);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(UserRole.Admin)
@Controller('admin/sent-mail')
export class SentMailAdminController {
  constructor(private readonly messaging: MessagingService) {}

  /**
   * Every email in the outbox, newest first: sent, waiting (retried while the mail server is
   * down), failed, or kept (no SMTP_URL: kept here, never sent). Admins only.
   */
  @Get()
  listSentMail(@Query() query: SentMailQueryDto): Promise<SentMailPageDto> {
    return this.messaging.listSentMail(query);
  }
}
