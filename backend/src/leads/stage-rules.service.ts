import { Injectable } from '@nestjs/common';
import { AuditTrail, settingsChange } from '../core/audit/audit-trail';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError } from '../core/http/domain-error';
import { ReplaceStageRulesDto, StageRuleDto } from './board.dto';
import { ruleText } from './stage-rules';
import { StageRulesRepository } from './stage-rules.repository';

/** The stage rules as admins edit them (Admin → Pipeline); `StageMoves` applies them. */
@Injectable()
export class StageRulesService {
  constructor(
    private readonly rules: StageRulesRepository,
    private readonly audit: AuditTrail,
  ) {}

  async list(): Promise<StageRuleDto[]> {
    const rows = await this.rules.list();
    return rows.map((r) => ({ id: r.id, kind: r.kind, stage: r.stage, enabled: r.enabled, reasons: r.reasons, text: ruleText(r) }));
  }

  /** Replaces the rule set, in the order given. */
  async replace(dto: ReplaceStageRulesDto, user: AuthUser): Promise<StageRuleDto[]> {
    const before = await this.list();
    const rows = dto.rules.map((r, i) => {
      const stage = r.kind === 'note_backwards' ? null : (r.stage ?? null);
      if (r.kind !== 'note_backwards' && !stage) throw new DomainError('invalid', 'rule_needs_stage', `Rule ${i + 1}: say which stage it guards`, [{ field: `rules.${i}.stage`, errors: ['required'] }]);
      const reasons = [...new Set((r.reasons ?? []).map((x) => x.trim()).filter(Boolean))];
      if (r.kind === 'lost_reason' && reasons.length === 0) throw new DomainError('invalid', 'rule_needs_reasons', `Rule ${i + 1}: list at least one reason to pick from`, [{ field: `rules.${i}.reasons`, errors: ['at least one'] }]);
      return { kind: r.kind, stage, enabled: r.enabled, reasons: r.kind === 'lost_reason' ? reasons : [], position: i + 1, updatedById: user.id };
    });
    await this.rules.replaceAll(rows);
    const after = await this.list();
    const inWords = (rules: StageRuleDto[]) => rules.map((r) => (r.enabled ? r.text : `${r.text} (off)`));
    const entry = settingsChange(user, 'stage_rules', inWords(before), inWords(after));
    if (entry) await this.audit.record(entry);
    return after;
  }
}
