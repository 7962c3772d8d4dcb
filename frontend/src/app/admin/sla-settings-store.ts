import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { getSlaSettings } from '../api/fn/pipeline/get-sla-settings';
import { replaceSlaSettings } from '../api/fn/pipeline/replace-sla-settings';
import type { BusinessHoursDto } from '../api/models/business-hours-dto';
import type { SlaRuleDto } from '../api/models/sla-rule-dto';
import { errorMessage } from '../core/api-error';

/** A time limit as the admin edits it: an amount and a unit instead of raw minutes. */
export interface SlaRuleDraft extends Omit<SlaRuleDto, 'id' | 'minutes' | 'text'> {
  id?: string;
  amount: number;
  unit: 'minutes' | 'hours' | 'days';
  text: string;
}

const PER_UNIT = { minutes: 1, hours: 60, days: 1440 } as const;
const toDraft = (r: SlaRuleDto): SlaRuleDraft => {
  const unit = r.minutes % 1440 === 0 ? 'days' : r.minutes % 60 === 0 ? 'hours' : 'minutes';
  return { id: r.id, kind: r.kind, stage: r.stage, businessHoursOnly: r.businessHoursOnly, warnPercent: r.warnPercent, escalation: r.escalation, enabled: r.enabled, amount: r.minutes / PER_UNIT[unit], unit, text: r.text };
};

/** Admin → Pipeline → Time limits: the SLA timers per stage and the team's business hours, saved together. */
@Injectable({ providedIn: 'root' })
export class SlaSettingsStore {
  private readonly api = inject(Api);
  readonly hours = signal<BusinessHoursDto | null>(null);
  readonly rules = signal<SlaRuleDraft[]>([]);
  readonly error = signal<string | null>(null);
  readonly saved = signal(false);
  readonly busy = signal(false);

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const s = await this.api.invoke(getSlaSettings, {});
      this.hours.set(s.businessHours);
      this.rules.set(s.rules.map(toDraft));
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load the time limits.'));
    }
  }

  setZone(timeZone: string): void {
    this.saved.set(false);
    this.hours.update((h) => h && { ...h, timeZone });
  }

  /** Opens or closes a weekday, or changes its hours. */
  setDay(weekday: number, day: { start: string; end: string } | null): void {
    this.saved.set(false);
    this.hours.update((h) => h && { ...h, days: [...h.days.filter((d) => d.weekday !== weekday), ...(day ? [{ weekday, ...day }] : [])].sort((a, b) => a.weekday - b.weekday) });
  }

  update(index: number, patch: Partial<SlaRuleDraft>): void {
    this.saved.set(false);
    this.rules.update((rs) => rs.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  }

  add(): void {
    this.saved.set(false);
    this.rules.update((rs) => [...rs, { kind: 'first_response', stage: 'new', amount: 5, unit: 'minutes', businessHoursOnly: true, warnPercent: 80, escalation: 'notify_team_lead', enabled: true, text: '' }]);
  }

  remove(index: number): void {
    this.saved.set(false);
    this.rules.update((rs) => rs.filter((_, i) => i !== index));
  }

  async save(): Promise<boolean> {
    const businessHours = this.hours();
    if (!businessHours) return false;
    this.busy.set(true);
    this.error.set(null);
    try {
      const rules = this.rules().map((r) => ({ ...(r.id ? { id: r.id } : {}), kind: r.kind, stage: r.stage, minutes: Math.round(r.amount * PER_UNIT[r.unit]), businessHoursOnly: r.businessHoursOnly, warnPercent: r.warnPercent, escalation: r.escalation, enabled: r.enabled }));
      const s = await this.api.invoke(replaceSlaSettings, { body: { businessHours, rules } });
      this.hours.set(s.businessHours);
      this.rules.set(s.rules.map(toDraft));
      this.saved.set(true);
      return true;
    } catch (e) {
      this.error.set(errorMessage(e, 'The time limits were not saved.'));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
