import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { listStageRules } from '../api/fn/pipeline/list-stage-rules';
import { replaceStageRules } from '../api/fn/pipeline/replace-stage-rules';
import { LeadStage } from '../api/models/lead-stage';
import { StageRuleDto } from '../api/models/stage-rule-dto';
import { errorMessage } from '../core/api-error';

/** A rule as the admin edits it before saving. */
export interface RuleDraft {
  kind: StageRuleDto['kind'];
  stage: LeadStage | null;
  enabled: boolean;
  reasons: string[];
  /** The saved rule in words (empty for a rule added since the last save). */
  text: string;
}

/** Admin → Pipeline: the stage rules, edited as one list and saved at once. */
@Injectable({ providedIn: 'root' })
export class PipelineRulesStore {
  private readonly api = inject(Api);
  readonly rules = signal<RuleDraft[] | null>(null);
  readonly error = signal<string | null>(null);
  readonly saved = signal(false);
  readonly busy = signal(false);

  async load(): Promise<void> {
    this.error.set(null);
    try {
      this.rules.set((await this.api.invoke(listStageRules, {})).map(toDraft));
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load the stage rules.'));
    }
  }

  update(index: number, patch: Partial<RuleDraft>): void {
    this.saved.set(false);
    this.rules.update((rs) => rs && rs.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  }

  add(kind: RuleDraft['kind'], stage: LeadStage | null): void {
    this.saved.set(false);
    this.rules.update((rs) => [...(rs ?? []), { kind, stage: kind === 'note_backwards' ? null : stage, enabled: true, reasons: [], text: '' }]);
  }

  remove(index: number): void {
    this.saved.set(false);
    this.rules.update((rs) => rs && rs.filter((_, i) => i !== index));
  }

  async save(): Promise<boolean> {
    const rules = this.rules();
    if (!rules) return false;
    this.busy.set(true);
    this.error.set(null);
    try {
      const saved = await this.api.invoke(replaceStageRules, { body: { rules: rules.map((r) => ({ kind: r.kind, stage: r.stage, enabled: r.enabled, reasons: r.reasons })) } });
      this.rules.set(saved.map(toDraft));
      this.saved.set(true);
      return true;
    } catch (e) {
      this.error.set(errorMessage(e, 'The rules were not saved.'));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}

const toDraft = (r: StageRuleDto): RuleDraft => ({ kind: r.kind, stage: r.stage ?? null, enabled: r.enabled, reasons: r.reasons, text: r.text });
