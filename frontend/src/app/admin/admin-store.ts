import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { createApiKey } from '../api/fn/api-keys/create-api-key';
import { listApiKeys } from '../api/fn/api-keys/list-api-keys';
import { revokeApiKey } from '../api/fn/api-keys/revoke-api-key';
import { getAgentOpenLeads } from '../api/fn/pipeline/get-agent-open-leads';
import { redistributeLeads } from '../api/fn/pipeline/redistribute-leads';
import { createUser } from '../api/fn/users/create-user';
import { listUsers } from '../api/fn/users/list-users';
import { updateUser } from '../api/fn/users/update-user';
import { ApiKeyDto } from '../api/models/api-key-dto';
import { CreateUserDto } from '../api/models/create-user-dto';
import { RedistributionDto } from '../api/models/redistribution-dto';
import { UpdateUserDto } from '../api/models/update-user-dto';
import { UserDto } from '../api/models/user-dto';
import { errorMessage } from '../core/api-error';

/** Users and integrator API keys, for admins. */
@Injectable()
export class AdminStore {
  private readonly api = inject(Api);
  readonly users = signal<UserDto[] | null>(null);
  readonly keys = signal<ApiKeyDto[] | null>(null);
  readonly error = signal<string | null>(null);
  /** A newly created key, shown once. */
  readonly newKey = signal<{ name: string; key: string } | null>(null);
  readonly busy = signal(false);

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const [users, keys] = await Promise.all([this.api.invoke(listUsers), this.api.invoke(listApiKeys)]);
      this.users.set(users);
      this.keys.set(keys);
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load users and keys'));
    }
  }

  createUser(body: CreateUserDto): Promise<boolean> {
    return this.run(async () => {
      const user = await this.api.invoke(createUser, { body });
      this.users.update((us) => [...(us ?? []), user]);
    });
  }

  updateUser(id: string, body: UpdateUserDto): Promise<boolean> {
    return this.run(async () => {
      const user = await this.api.invoke(updateUser, { id, body });
      this.users.update((us) => (us ?? []).map((u) => (u.id === id ? user : u)));
    });
  }

  /** How many open leads a person holds (null when it could not be read: the page then asks without the number). */
  async openLeadsOf(id: string): Promise<number | null> {
    try {
      return (await this.api.invoke(getAgentOpenLeads, { id })).openLeads;
    } catch {
      return null;
    }
  }

  /** Hands a person's open leads on by the routing rules; null when it failed (the error is shown). */
  async redistribute(id: string): Promise<RedistributionDto | null> {
    let done: RedistributionDto | null = null;
    await this.run(async () => {
      done = await this.api.invoke(redistributeLeads, { id });
    });
    return done;
  }

  createKey(name: string, userId?: string): Promise<boolean> {
    return this.run(async () => {
      const created = await this.api.invoke(createApiKey, { body: { name, ...(userId ? { userId } : {}) } });
      this.newKey.set({ name: created.name, key: created.key });
      const { key: _secret, ...listed } = created;
      this.keys.update((ks) => [listed, ...(ks ?? [])]);
    });
  }

  revokeKey(id: string): Promise<boolean> {
    return this.run(async () => {
      await this.api.invoke(revokeApiKey, { id });
      this.keys.update((ks) => (ks ?? []).map((k) => (k.id === id ? { ...k, revokedAt: new Date().toISOString() } : k)));
    });
  }

  private async run(work: () => Promise<void>): Promise<boolean> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
      return true;
    } catch (e) {
      this.error.set(errorMessage(e));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
