import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { MyTaskDto } from './leads.dto';
import { LeadsService } from './leads.service';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('tasks')
export class TasksController {
  constructor(private readonly leads: LeadsService) {}

  /** My open tasks across the leads I can see, soonest due first (tasks with no due time last). */
  @Get('mine')
  listMyTasks(@CurrentUser() user: AuthUser): Promise<MyTaskDto[]> {
    return this.leads.myTasks(user);
  }
}
