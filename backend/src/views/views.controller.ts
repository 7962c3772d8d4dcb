import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { CreateSavedViewDto, SavedViewDto } from './views.dto';
import { ViewsService } from './views.service';

@ApiTags('views')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('views')
export class ViewsController {
  constructor(private readonly views: ViewsService) {}

  /** Your saved inbox views, by name. */
  @Get()
  listViews(@CurrentUser() user: AuthUser): Promise<SavedViewDto[]> {
    return this.views.list(user);
  }

  /** Saves the current inbox filters under a name (409 when you already use that name). */
  @Post()
  createView(@Body() dto: CreateSavedViewDto, @CurrentUser() user: AuthUser): Promise<SavedViewDto> {
    return this.views.create(dto, user);
  }

  /** Deletes one of your views. */
  @Delete(':id')
  @HttpCode(204)
  deleteView(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.views.remove(id, user);
  }
}
