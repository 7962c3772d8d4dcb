import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiResponse, ApiSecurity, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { AcceptsUploads } from '../core/http/uploads';
import { ImportKind } from './import-job.entity';
import { ImportDto, ImportRejectionPageDto, ListMappingsQueryDto, ListRejectionsQueryDto, SavedMappingDto, StartImportDto, UploadImportQueryDto } from './imports.dto';
import { ImportsService } from './imports.service';

@ApiTags('imports')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /**
   * Uploads a CSV file (multipart field `file`; comma, semicolon, tab or | separated, UTF-8, with a
   * header line). Answers its columns, first rows and a suggested mapping; nothing is imported
   * until `POST /api/imports/{id}/start`. Too large: 413; not a CSV with a header: 400.
   */
  @Post()
  @AcceptsUploads()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  uploadImport(@Req() req: FastifyRequest, @Query() query: UploadImportQueryDto, @CurrentUser() user: AuthUser): Promise<ImportDto> {
    return this.imports.upload(req, query.kind ?? ImportKind.Leads, user);
  }

  /** Your saved column mappings. */
  @Get('mappings')
  listImportMappings(@Query() query: ListMappingsQueryDto, @CurrentUser() user: AuthUser): Promise<SavedMappingDto[]> {
    return this.imports.mappings(query.kind, user);
  }

  /** An import with its progress (rows done of total, rate, time left) and counts. Poll it while it runs. */
  @Get(':id')
  getImport(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<ImportDto> {
    return this.imports.get(id, user);
  }

  /** Starts the import (or a dry run that writes nothing) with a column mapping; it runs in the background. */
  @Post(':id/start')
  @HttpCode(202)
  startImport(@Param('id', ParseUUIDPipe) id: string, @Body() dto: StartImportDto, @CurrentUser() user: AuthUser): Promise<ImportDto> {
    return this.imports.start(id, dto, user);
  }

  /** The rows the import skipped, each with the reason, in file order. */
  @Get(':id/rejections')
  listImportRejections(@Param('id', ParseUUIDPipe) id: string, @Query() query: ListRejectionsQueryDto, @CurrentUser() user: AuthUser): Promise<ImportRejectionPageDto> {
    return this.imports.rejections(id, query, user);
  }

  /** The skipped rows as a CSV file (the original columns, then the row number and the problem), to fix and upload again. */
  @Get(':id/rejections.csv')
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'CSV file (UTF-8 with BOM)', content: { 'text/csv': { schema: { type: 'string' } } } })
  async downloadImportRejections(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const { stream, fileName } = await this.imports.rejectionsCsv(id, user);
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${fileName}"` });
  }
}
