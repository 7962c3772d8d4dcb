import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { OutboxMessageDto, SendMessageDto, SendResultDto } from './messaging.dto';
import { MessagingService } from './messaging.service';

@ApiTags('messaging')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('leads')
export class MessagingController {
  constructor(private readonly messaging: MessagingService) {}

  /**
   * Sends the lead a WhatsApp message (text, or an approved template) through the send-policy
   * gate. 409 `send_refused` when the gate refuses (opted out, 24-hour window closed, quiet hours
   * without a reason, fair-housing screen); the refusal is on the lead's timeline either way.
   */
  @Post(':id/outbound')
  sendLeadMessage(@Param('id', ParseUUIDPipe) id: string, @Body() dto: SendMessageDto, @CurrentUser() user: AuthUser): Promise<SendResultDto> {
    return this.messaging.sendFromPerson(id, dto, user);
  }

  /** The lead's outbound messages, newest first, with their delivery state. */
  @Get(':id/outbound')
  listLeadOutbound(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<OutboxMessageDto[]> {
    return this.messaging.listForLead(id, user);
  }
}
