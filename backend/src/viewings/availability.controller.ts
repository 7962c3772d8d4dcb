import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { AddTimeOffDto, AvailabilityDto, FreeSlotsDto, FreeSlotsQueryDto, TimeOffDto, UpdateAvailabilityDto, UpdateViewingWindowsDto, ViewingWindowsDto } from './availability.dto';
import { AvailabilityService } from './availability.service';

/** Free viewing times, and the hours and time off of the person signed in. */
@ApiTags('viewings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('viewings')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  /** Free viewing times of a home between two days, in the lead's time zone (or `tz`). */
  @Get('slots')
  listFreeSlots(@Query() query: FreeSlotsQueryDto, @CurrentUser() user: AuthUser): Promise<FreeSlotsDto> {
    return this.availability.slots(query, user);
  }

  /** My working hours for viewings and the buffer after each. */
  @Get('availability')
  getMyAvailability(@CurrentUser() user: AuthUser): Promise<AvailabilityDto> {
    return this.availability.myAvailability(user);
  }

  @Put('availability')
  updateMyAvailability(@Body() dto: UpdateAvailabilityDto, @CurrentUser() user: AuthUser): Promise<AvailabilityDto> {
    return this.availability.setMyAvailability(user, dto);
  }

  /** My time off from now on. */
  @Get('time-off')
  listMyTimeOff(@CurrentUser() user: AuthUser): Promise<TimeOffDto[]> {
    return this.availability.myTimeOff(user);
  }

  @Post('time-off')
  addMyTimeOff(@Body() dto: AddTimeOffDto, @CurrentUser() user: AuthUser): Promise<TimeOffDto> {
    return this.availability.addTimeOff(user, dto);
  }

  @Delete('time-off/:id')
  @HttpCode(204)
  removeMyTimeOff(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.availability.removeTimeOff(user, id);
  }
}

/** When a home can be shown. */
@ApiTags('viewings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('inventory')
export class UnitViewingWindowsController {
  constructor(private readonly availability: AvailabilityService) {}

  /** The home's viewing windows (empty: whenever an agent works). */
  @Get(':id/viewing-windows')
  getViewingWindows(@Param('id', ParseUUIDPipe) id: string): Promise<ViewingWindowsDto> {
    return this.availability.windows(id);
  }

  @Put(':id/viewing-windows')
  updateViewingWindows(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateViewingWindowsDto): Promise<ViewingWindowsDto> {
    return this.availability.setWindows(id, dto);
  }
}
