import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import {
  AddNoteDto,
  AssignLeadDto,
  ChangeStageDto,
  CreateLeadDto,
  CreateTaskDto,
  ExportLeadsQueryDto,
  LeadDetailDto,
  LeadPageDto,
  ListLeadsQueryDto,
  LogMessageDto,
  QualifyLeadDto,
  ReassignedLeadsDto,
  ReassignLeadsDto,
  TaskDto,
  UpdateLeadDto,
  UpdateTaskDto,
  PossibleDuplicateDto,
  PossibleDuplicatesQueryDto,
} from './leads.dto';
import { LeadExportService } from './lead-export.service';
import { LeadsService } from './leads.service';
import { RateLimit } from '../core/rate-limit/rate-limit.decorator';

@ApiTags('leads')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly leads: LeadsService,
    private readonly exports: LeadExportService,
  ) {}

  /** The inbox: filter, search, sort and page through the leads you can see. */
  @Get()
  listLeads(@Query() query: ListLeadsQueryDto, @CurrentUser() user: AuthUser): Promise<LeadPageDto> {
    return this.leads.list(query, user);
  }

  /**
   * The leads an inbox filter or saved view selects (the same filters as `GET /api/leads`), as a
   * CSV file with the columns shown, streamed; cells that a spreadsheet would run as a formula are
   * escaped. Recorded in the audit log.
   */
  @Get('export')
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'CSV file (UTF-8 with BOM)', content: { 'text/csv': { schema: { type: 'string' } } } })
  async exportLeads(@Query() query: ExportLeadsQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const stamp = new Date().toISOString().slice(0, 10);
    return new StreamableFile(await this.exports.exportCsv(query, user), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="leads-${stamp}.csv"` });
  }

  /**
   * Before a lead is typed in by hand: leads you can already see whose person has this email or
   * phone (what a save would attach to, or pair for review). Leads you cannot see are never named.
   */
  @Get('possible-duplicates')
  possibleDuplicates(@Query() query: PossibleDuplicatesQueryDto, @CurrentUser() user: AuthUser): Promise<PossibleDuplicateDto[]> {
    return this.leads.possibleDuplicates(query, user);
  }

  /** Creates a lead (and its contact, unless one with the same email or phone exists). */
  @RateLimit('leadCreate')
  @Post()
  createLead(@Body() dto: CreateLeadDto, @CurrentUser() user: AuthUser): Promise<LeadDetailDto> {
    return this.leads.create(dto, user);
  }

  /**
   * Hands several leads to one agent (or back to the pool) at once, all or nothing: each lead is
   * checked as a single assignment would be, and one you may not move leaves every lead as it was.
   */
  @Post('reassign')
  @HttpCode(200)
  reassignLeads(@Body() dto: ReassignLeadsDto, @CurrentUser() user: AuthUser): Promise<ReassignedLeadsDto> {
    return this.leads.reassignMany(dto, user);
  }

  /** One lead with contact, profile and evidence, score breakdown, timeline, tasks and score history. */
  @Get(':id')
  getLead(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<LeadDetailDto> {
    return this.leads.get(id, user);
  }

  /** Edits contact details and/or the profile; the score is recomputed. */
  @Patch(':id')
  updateLead(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateLeadDto, @CurrentUser() user: AuthUser): Promise<LeadDetailDto> {
    return this.leads.update(id, dto, user);
  }

  /** Assigns the lead to an agent, or returns it to the unassigned pool. */
  @Post(':id/assign')
  @HttpCode(200)
  assignLead(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignLeadDto, @CurrentUser() user: AuthUser): Promise<LeadDetailDto> {
    return this.leads.assign(id, dto, user);
  }

  /** Takes a lead from the shared pond (leads no routing rule gave to anyone): first claim wins, 409 when someone already has it. */
  @Post(':id/claim')
  @HttpCode(200)
  claimLead(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<LeadDetailDto> {
    return this.leads.claim(id, user);
  }

  /** Moves the lead along the pipeline. */
  @Post(':id/stage')
  @HttpCode(200)
  changeLeadStage(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ChangeStageDto, @CurrentUser() user: AuthUser): Promise<LeadDetailDto> {
    return this.leads.changeStage(id, dto, user);
  }

  /** Logs a message exchanged outside the app (call, SMS, email). Inbound ones count toward the score. */
  @Post(':id/messages')
  logLeadMessage(@Param('id', ParseUUIDPipe) id: string, @Body() dto: LogMessageDto, @CurrentUser() user: AuthUser): Promise<LeadDetailDto> {
    return this.leads.logMessage(id, dto, user);
  }

  /** Adds a note to the timeline. */
  @Post(':id/notes')
  addLeadNote(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AddNoteDto, @CurrentUser() user: AuthUser): Promise<LeadDetailDto> {
    return this.leads.addNote(id, dto, user);
  }

  /** Adds a follow-up task. */
  @Post(':id/tasks')
  createLeadTask(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateTaskDto, @CurrentUser() user: AuthUser): Promise<TaskDto> {
    return this.leads.addTask(id, dto, user);
  }

  /** Snoozes (a new due time), retitles or retypes an open task. A due time in the past needs `allowPastDue`. */
  @Patch(':id/tasks/:taskId')
  updateLeadTask(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('taskId', ParseUUIDPipe) taskId: string,
    @Body() dto: UpdateTaskDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskDto> {
    return this.leads.updateTask(id, taskId, dto, user);
  }

  /** Marks a task done. Doing it twice changes nothing. */
  @Post(':id/tasks/:taskId/complete')
  @HttpCode(200)
  completeLeadTask(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('taskId', ParseUUIDPipe) taskId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskDto> {
    return this.leads.completeTask(id, taskId, user);
  }

  /**
   * Manual qualification: set the score and/or status with a reason, or hand the lead back to
   * automatic scoring with `clearOverride`. While an override stands, automatic rescoring is
   * recorded in the history but does not change the lead's score.
   */
  @Post(':id/qualify')
  @HttpCode(200)
  qualifyLead(@Param('id', ParseUUIDPipe) id: string, @Body() dto: QualifyLeadDto, @CurrentUser() user: AuthUser): Promise<LeadDetailDto> {
    return this.leads.qualify(id, dto, user);
  }
}
