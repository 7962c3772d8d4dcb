import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { getRouting } from '../api/fn/pipeline/get-routing';
import { replaceRouting } from '../api/fn/pipeline/replace-routing';
import { listUsers } from '../api/fn/users/list-users';
import { RoutingDto } from '../api/models/routing-dto';
import { RoutingRuleInputDto } from '../api/models/routing-rule-input-dto';
import { UserDto } from '../api/models/user-dto';
import { errorMessage } from '../core/api-error';

/** A routing rule as the admin edits it before saving. */
export type RoutingDraft = Required<Pick<RoutingRuleInputDto, 'name' | 'enabled' | 'target' | 'sources' | 'areas' | 'languages' | 'agents'>> & { priceMin: number | null; priceMax: number | null; capacity: number | null };

/** Admin → Pipeline → who gets new leads: the routing rules, edited as one list and saved at once. */
@Injectable({ providedIn: 'root' })
export class RoutingRulesStore {
  private readonly api = inject(Api);
  readonly rules = signal<RoutingDraft[] | null>(null);
  readonly warnings = signal<string[]>([]);
  readonly pondSize = signal(0);
  /** Active agents and team leads an admin can put in a rule. */
  readonly staff = signal<UserDto[]>([]);
  readonly error = signal<string | null>(null);
  readonly saved = signal(false);
  readonly busy = signal(false);

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const [routing, users] = await Promise.all([this.api.invoke(getRouting, {}), this.api.invoke(listUsers)]);
      this.show(routing);
      this.staff.set(users.filter((u) => u.active && u.role !== 'admin'));
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load who gets new leads.'));
    }
  }

  update(index: number, patch: Partial<RoutingDraft>): void {
    this.saved.set(false);
    this.rules.update((rs) => rs && rs.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  }

  add(): void {
    this.saved.set(false);
    this.rules.update((rs) => [{ name: 'New rule', enabled: true, target: 'agents', sources: [], areas: [], languages: [], agents: [], priceMin: null, priceMax: null, capacity: null }, ...(rs ?? [])]);
  }

  remove(index: number): void {
    this.saved.set(false);
    this.rules.update((rs) => rs && rs.filter((_, i) => i !== index));
  }

  move(index: number, by: -1 | 1): void {
    this.saved.set(false);
    this.rules.update((rs) => {
      if (!rs || index + by < 0 || index + by >= rs.length) return rs;
      const next = [...rs];
      [next[index], next[index + by]] = [next[index + by], next[index]];
      return next;
    });
  }

  async save(): Promise<boolean> {
    const rules = this.rules();
    if (!rules) return false;
    this.busy.set(true);
    this.error.set(null);
    try {
      this.show(await this.api.invoke(replaceRouting, { body: { rules } }));
      this.saved.set(true);
      return true;
    } catch (e) {
      this.error.set(errorMessage(e, 'The rules were not saved.'));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private show(r: RoutingDto): void {
    this.rules.set(
      r.rules.map((x) => ({
        name: x.name, enabled: x.enabled, target: x.target, sources: x.sources, areas: x.areas, languages: x.languages,
        agents: x.agents.map((a) => ({ userId: a.userId, capacity: a.capacity })), priceMin: x.priceMin ?? null, priceMax: x.priceMax ?? null, capacity: x.capacity ?? null,
      })),
    );
    this.warnings.set(r.warnings);
    this.pondSize.set(r.pondSize);
  }
}
