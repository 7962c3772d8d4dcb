import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Roles } from '../core/auth/auth.decorators';
import { AuthUser } from '../core/auth/auth-user';
import { UserRole } from '../core/auth/roles';
import { AppConfig } from '../core/config/app-config';
import { CreateUnitDto, SearchUnitsQueryDto, UnitDetailDto, UnitPageDto, UnitPhotoDto, UpdateUnitDto } from './inventory.dto';
import { InventoryService } from './inventory.service';
import { RateLimit } from '../core/rate-limit/rate-limit.decorator';
import { AcceptsUploads } from '../core/http/uploads';
import { PHOTO_FIELD, readPhotoUpload } from './photo-upload';
import { UnitPhotosService } from './unit-photos.service';

@ApiTags('inventory')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('inventory')
export class InventoryController {
  constructor(
    private readonly inventory: InventoryService,
    private readonly photos: UnitPhotosService,
    private readonly config: AppConfig,
  ) {}

  /** Searches the inventory with structured filters and words; available units by default. */
  @RateLimit('search')
  @Get('search')
  searchUnits(@Query() query: SearchUnitsQueryDto): Promise<UnitPageDto> {
    return this.inventory.search(query);
  }

  /** One unit, with its photos. */
  @Get(':id')
  getUnit(@Param('id', ParseUUIDPipe) id: string): Promise<UnitDetailDto> {
    return this.inventory.get(id);
  }

  /** Adds a unit (agents and admins). */
  @Post()
  createUnit(@Body() dto: CreateUnitDto): Promise<UnitDetailDto> {
    return this.inventory.create(dto);
  }

  /** Changes a unit, its status included (under offer, sold…); agents and admins. The unit is re-indexed for search. */
  @Patch(':id')
  updateUnit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUnitDto): Promise<UnitDetailDto> {
    return this.inventory.update(id, dto);
  }

  /** Deletes a unit (admins only). To take it off the market, set its status instead. */
  @Roles(UserRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  deleteUnit(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.inventory.remove(id, user);
  }

  /** Adds a photo to a unit: a JPEG, PNG or WebP file in the multipart field `photo` (at most PHOTO_MAX_BYTES). The first photo is the cover. */
  @Post(':id/photos')
  @AcceptsUploads()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [PHOTO_FIELD], properties: { [PHOTO_FIELD]: { type: 'string', format: 'binary' } } } })
  async addUnitPhoto(@Param('id', ParseUUIDPipe) id: string, @Req() req: FastifyRequest): Promise<UnitPhotoDto> {
    return this.photos.add(id, await readPhotoUpload(req, this.config.env.PHOTO_MAX_BYTES));
  }

  /** Removes a photo from a unit; the next one becomes the cover. */
  @Delete(':id/photos/:photoId')
  @HttpCode(204)
  deleteUnitPhoto(@Param('id', ParseUUIDPipe) id: string, @Param('photoId', ParseUUIDPipe) photoId: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.photos.remove(id, photoId, user);
  }
}
