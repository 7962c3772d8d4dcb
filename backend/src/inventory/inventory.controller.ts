import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/auth/auth.decorators';
import { UserRole } from '../core/auth/roles';
import { CreateUnitDto, SearchUnitsQueryDto, UnitDto, UnitPageDto, UpdateUnitDto } from './inventory.dto';
import { InventoryService } from './inventory.service';
import { RateLimit } from '../core/rate-limit/rate-limit.decorator';

@ApiTags('inventory')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  /** Searches the inventory with structured filters and words; available units by default. */
  @RateLimit('search')
  @Get('search')
  searchUnits(@Query() query: SearchUnitsQueryDto): Promise<UnitPageDto> {
    return this.inventory.search(query);
  }

  /** One unit. */
  @Get(':id')
  getUnit(@Param('id', ParseUUIDPipe) id: string): Promise<UnitDto> {
    return this.inventory.get(id);
  }

  /** Adds a unit (admins only). */
  @Roles(UserRole.Admin)
  @Post()
  createUnit(@Body() dto: CreateUnitDto): Promise<UnitDto> {
    return this.inventory.create(dto);
  }

  /** Changes a unit (admins only). */
  @Roles(UserRole.Admin)
  @Patch(':id')
  updateUnit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUnitDto): Promise<UnitDto> {
    return this.inventory.update(id, dto);
  }

  /** Deletes a unit (admins only). To take it off the market, set its status instead. */
  @Roles(UserRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  deleteUnit(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.inventory.remove(id);
  }
}
