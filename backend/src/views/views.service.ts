import { AuditTrail } from '../core/audit/audit-trail';
import { Injectable } from '@nestjs/common';
import { AuthUser } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import { CreateSavedViewDto, mapSavedView, SavedViewDto } from './views.dto';
import { ViewsRepository } from './views.repository';

/** Saved inbox views. Each user sees and deletes only their own. */
@Injectable()
export class ViewsService {
  constructor(
    private readonly views: ViewsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async list(user: AuthUser): Promise<SavedViewDto[]> {
    return (await this.views.listForUser(user.id)).map(mapSavedView);
  }

  async create(dto: CreateSavedViewDto, user: AuthUser): Promise<SavedViewDto> {
    const name = dto.name.trim();
    if (!name) throw new DomainError('invalid', 'view_name_blank', 'A view needs a name');
    if (await this.views.findByName(user.id, name)) {
      throw new DomainError('conflict', 'view_name_taken', `You already have a view named "${name}"`);
    }
    // Only the filters that are set are kept, so a view reads back exactly as it was saved.
    const filters = Object.fromEntries(Object.entries(dto.filters).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    return mapSavedView(await this.views.insert({ userId: user.id, name, filters }));
  }

  async remove(id: string, user: AuthUser): Promise<void> {
    // Someone else's view is reported as missing, so ids reveal nothing.
    if (!(await this.views.deleteOwned(id, user.id))) throw notFound('View');
    await this.audit.record({ action: 'view.deleted', actorId: user.id, apiKeyId: user.apiKeyId, targetType: 'view', targetId: id });
  }
}
