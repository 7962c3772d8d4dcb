import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UserRole } from '../auth/roles';
import { Roles } from '../auth/auth.decorators';
import { QueueAdminService } from './queue-admin.service';

export class QueueCountsDto {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export class QueueStatusDto {
  /** The queue's name, as the features register it (e.g. `embedding`, `messaging`). */
  @ApiProperty({ example: 'embedding' })
  name: string;
  counts: QueueCountsDto;
  /** Worker processes currently consuming this queue. */
  workers: number;
}

export class QueuesDto {
  @ApiProperty({ enum: ['redis', 'postgres'] })
  backend: 'redis' | 'postgres';
  queues: QueueStatusDto[];
}

export class FailedJobDto {
  id: string;
  name: string;
  failedReason: string;
  attemptsMade: number;
  /** When it was first added. */
  createdAt: string;
  failedAt: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
}

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(UserRole.Admin)
@Controller('admin/queues')
export class QueuesController {
  constructor(private readonly admin: QueueAdminService) {}

  /** Job counts and connected workers per queue (admins only). */
  @Get()
  listQueues(): Promise<QueuesDto> {
    return this.admin.overview();
  }

  /** The most recent failed jobs of a queue, with why they failed (admins only). */
  @Get(':name/failed')
  listFailedJobs(@Param('name') name: string): Promise<FailedJobDto[]> {
    return this.admin.failed(name);
  }

  /** Puts a failed job back in the queue (admins only). */
  @Post(':name/jobs/:id/retry')
  @HttpCode(204)
  retryJob(@Param('name') name: string, @Param('id') id: string): Promise<void> {
    return this.admin.retry(name, id);
  }
}
