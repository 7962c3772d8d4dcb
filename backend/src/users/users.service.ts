import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../core/audit/audit-trail';
import { AuthService, newApiKey } from '../core/auth/auth.service';
import { AuthUser } from '../core/auth/auth-user';
import { hashPassword } from '../core/auth/password';
import { DomainError, notFound } from '../core/http/domain-error';
import { ApiKeysRepository } from './api-keys.repository';
import { UserEntity, UserRole } from './user.entity';
import { ApiKeyDto, AssigneeDto, CreateApiKeyDto, CreatedApiKeyDto, CreateUserDto, mapApiKey, mapUser, ResetPasswordDto, UpdateUserDto, UserDto } from './users.dto';
import { UsersRepository } from './users.repository';

const lastAdmin = () => new DomainError('conflict', 'last_admin', 'This is the last active admin; make another admin first');

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditTrail,
  ) {}

  async list(): Promise<UserDto[]> {
    return (await this.users.listAll()).map(mapUser);
  }

  async create(dto: CreateUserDto, actor: AuthUser): Promise<UserDto> {
    const email = dto.email.trim().toLowerCase();
    if (await this.users.findByEmail(email)) throw new DomainError('conflict', 'email_taken', 'A user with this email already exists');
    const user = await this.users.insert({ email, name: dto.name.trim(), role: dto.role, team: dto.team?.trim() || null, passwordHash: await hashPassword(dto.password) });
    await this.audit.record({ action: 'user.created', actorId: actor.id, apiKeyId: actor.apiKeyId, targetType: 'user', targetId: user.id, changes: { email, name: user.name, role: user.role, team: user.team } });
    return mapUser(user);
  }

  async update(id: string, dto: UpdateUserDto, actor: AuthUser): Promise<UserDto> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('User');
    const losesAdmin = user.role === UserRole.Admin && user.active && ((dto.role != null && dto.role !== UserRole.Admin) || dto.active === false);
    if (losesAdmin && id === actor.id && dto.active === false) {
      // Refused either way; say the more important reason first.
      if ((await this.users.countActiveAdmins()) <= 1) throw lastAdmin();
      throw new DomainError('conflict', 'self_deactivate', 'You cannot deactivate yourself');
    }
    // A field sent as null is "not given" (class-validator's @IsOptional lets null through); before
    // this, `{"active": null}` reached a NOT NULL column and answered 500 (found by the API fuzz suite).
    const changes = {
      ...(dto.name != null ? { name: dto.name.trim() } : {}),
      ...(dto.role != null ? { role: dto.role } : {}),
      ...(dto.active != null ? { active: dto.active } : {}),
      // null takes the user out of any team (here null is a value, not "not given").
      ...(dto.team !== undefined ? { team: dto.team?.trim() || null } : {}),
      ...(dto.password != null ? { passwordHash: await hashPassword(dto.password) } : {}),
    };
    // The count and the change happen under a lock on the admin rows: two admins demoting each
    // other at the same moment cannot leave the brokerage with none.
    // A new password or a deactivation ends every session of the user, on every process.
    const revokeTokens = dto.password != null || dto.active === false;
    if (!(await this.users.updateKeepingAnAdmin(id, changes, losesAdmin, revokeTokens))) throw lastAdmin();
    await this.auth.userChanged(id);
    // From/to per field; a new password is recorded as changed, never its hash.
    const diff: Record<string, unknown> = {};
    for (const f of ['name', 'role', 'active', 'team'] as const) if (f in changes && changes[f] !== user[f]) diff[f] = { from: user[f], to: changes[f] };
    if (dto.password != null) diff.password = 'changed';
    await this.audit.record({ action: 'user.updated', actorId: actor.id, apiKeyId: actor.apiKeyId, targetType: 'user', targetId: id, changes: diff });
    return mapUser((await this.users.findById(id)) as UserEntity);
  }

  /** Who `user` may hand leads to (the same people `LeadsService` accepts as assignees). */
  async assignable(user: AuthUser): Promise<AssigneeDto[]> {
    const rows =
      user.role === UserRole.Admin
        ? await this.users.listActive()
        : user.role === UserRole.TeamLead && user.team
          ? await this.users.listActive(user.team)
          : [await this.users.findById(user.id)].filter((u): u is UserEntity => !!u);
    return rows.map((u) => ({ id: u.id, name: u.name }));
  }

  /** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no user with that email exists. */
  async ensureAdmin(email: string, password: string): Promise<boolean> {
    const normalized = email.trim().toLowerCase();
    if (await this.users.findByEmail(normalized)) return false;
    await this.users.insert({ email: normalized, name: 'Administrator', role: UserRole.Admin, passwordHash: await hashPassword(password) });
    return true;
  }

  /** An admin sets a new password for a user; every session the user had ends. */
  async resetPassword(id: string, dto: ResetPasswordDto, actor: AuthUser): Promise<UserDto> {
    if (!(await this.users.findById(id))) throw notFound('User');
    await this.users.setPassword(id, await hashPassword(dto.newPassword));
    await this.auth.userChanged(id);
    await this.audit.record({ action: 'user.password_reset', actorId: actor.id, apiKeyId: actor.apiKeyId, targetType: 'user', targetId: id });
    return mapUser((await this.users.findById(id)) as UserEntity);
  }

  /**
   * The user with this email, created as an agent if there is none, with a password of its own
   * that is returned only then (the caller prints it once).
   */
  async ensureAgent(account: { email: string; name: string }): Promise<{ id: string; generatedPassword?: string }> {
    const found = await this.users.findByEmail(account.email);
    if (found) return { id: found.id };
    const password = randomBytes(9).toString('base64url');
    const created = await this.users.insert({ ...account, role: UserRole.Agent, passwordHash: await hashPassword(password) });
    return { id: created.id, generatedPassword: password };
  }

  async listApiKeys(): Promise<ApiKeyDto[]> {
    return (await this.apiKeys.listAll()).map(mapApiKey);
  }

  async createApiKey(dto: CreateApiKeyDto, actor: AuthUser): Promise<CreatedApiKeyDto> {
    const userId = dto.userId ?? actor.id;
    const owner = await this.users.findById(userId);
    if (!owner) throw notFound('User');
    const { key, prefix, hash } = newApiKey();
    const saved = await this.apiKeys.insert({ name: dto.name.trim(), prefix, keyHash: hash, userId });
    await this.audit.record({ action: 'api_key.created', actorId: actor.id, apiKeyId: actor.apiKeyId, targetType: 'api_key', targetId: saved.id, changes: { name: saved.name, prefix, for: userId } });
    return { ...mapApiKey({ ...saved, user: owner }), key };
  }

  async revokeApiKey(id: string, actor: AuthUser): Promise<void> {
    const key = await this.apiKeys.findById(id);
    if (!key) throw notFound('API key');
    await this.apiKeys.revoke(id);
    await this.auth.keyRevoked(key.keyHash);
    await this.audit.record({ action: 'api_key.revoked', actorId: actor.id, apiKeyId: actor.apiKeyId, targetType: 'api_key', targetId: id, changes: { name: key.name, prefix: key.prefix } });
  }
}
