import { Injectable } from '@nestjs/common';
import { scopeOf } from '../access/lead-access';
import type { AuthUser } from '../core/auth/auth-user';
import type { BoardCardRow, BoardCursor } from './board-query';
import { BoardCardDto, BoardColumnDto, BoardColumnQueryDto, BoardDto, BoardQueryDto, CardMovedDto } from './board.dto';
import type { ChangeStageDto } from './leads.dto';
import { StageMoves } from './stage-moves';
import type { InboxFilter } from './inbox-query';
import { replyState, slaClock } from './lead.mapper';
import { LeadStage } from './lead.enums';
import { LeadsRepository } from './leads.repository';

const STAGES = Object.values(LeadStage);

function filterOf(q: BoardQueryDto, user: AuthUser): InboxFilter {
  return {
    stage: q.stage,
    source: q.source,
    assigneeId: q.assignee === 'me' ? user.id : q.assignee === 'unassigned' ? null : q.assignee,
    scoreMin: q.scoreMin,
    scoreMax: q.scoreMax,
    createdFrom: q.createdFrom ? new Date(q.createdFrom) : undefined,
    createdTo: q.createdTo ? new Date(q.createdTo) : undefined,
    q: q.q,
    needsReply: q.needsReply,
  };
}

function mapCard(r: BoardCardRow, now: number): BoardCardDto {
  const reply = replyState(r.stage, r.awaiting_reply_since, now);
  return {
    id: r.id,
    name: r.name,
    score: r.score,
    source: r.source,
    stage: r.stage,
    version: r.version,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    nextTask: r.task_title ? { title: r.task_title, dueAt: r.task_due_at?.toISOString() ?? null } : null,
    needsReply: reply.needsReply,
    overdue: reply.overdue,
    overdueSeconds: reply.overdueSeconds,
    sla: slaClock(r.sla_kind, r.sla_due_at),
  };
}

const cursorOf = (cards: BoardCardDto[], perColumn: number): string | null => (cards.length < perColumn ? null : `${cards[cards.length - 1].score}:${cards[cards.length - 1].id}`);

/** The pipeline board: the inbox's leads (same filters, same visibility) as columns of cards by stage. */
@Injectable()
export class LeadBoardService {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly stageMoves: StageMoves,
  ) {}

  /**
   * A card moved on the board: the same move as the lead's stage endpoint (`StageMoves`, the same
   * rules, 422 / 409), answering only where the card is now, not the whole lead.
   */
  async move(id: string, dto: ChangeStageDto, user: AuthUser): Promise<CardMovedDto> {
    // The access rule is checked as the lead is locked (one statement, not a read before the transaction).
    const moved = await this.leads.transaction((tx) =>
      this.stageMoves.moveOrRefuse(id, { stage: dto.stage, note: dto.reason ?? null, lostReason: dto.lostReason ?? null, unitId: dto.unitId ?? null, price: dto.price ?? null, version: dto.version ?? null }, { id: user.id, name: user.name, by: 'person' }, tx, scopeOf(user)),
    );
    return { id, stage: moved.moved ? dto.stage : moved.from, version: moved.version };
  }

  /** Every column's first cards and count, in two queries whatever the number of leads. */
  async board(query: BoardQueryDto, user: AuthUser): Promise<BoardDto> {
    const filter = filterOf(query, user);
    const perColumn = query.perColumn ?? 20;
    const stages = query.stage?.length ? STAGES.filter((s) => query.stage!.includes(s)) : STAGES;
    const scope = scopeOf(user);
    const [rows, counts] = await Promise.all([this.leads.findBoardCards(filter, scope, stages, perColumn, null), this.leads.countByStage(filter, scope)]);
    const now = Date.now();
    return {
      columns: stages.map((stage) => {
        const cards = rows.filter((r) => r.stage === stage).map((r) => mapCard(r, now));
        return { stage, count: counts.get(stage) ?? 0, cards, nextCursor: cursorOf(cards, perColumn) };
      }),
    };
  }

  /** One column's next cards (after the cursor), for scrolling. */
  async column(stage: LeadStage, query: BoardColumnQueryDto, user: AuthUser): Promise<BoardColumnDto> {
    const filter = filterOf(query, user);
    const perColumn = query.perColumn ?? 20;
    const after: BoardCursor | null = query.after ? { score: Number(query.after.split(':')[0]), id: query.after.slice(query.after.indexOf(':') + 1) } : null;
    const scope = scopeOf(user);
    const wanted = !query.stage?.length || query.stage.includes(stage);
    const [rows, counts] = wanted ? await Promise.all([this.leads.findBoardCards(filter, scope, [stage], perColumn, after), this.leads.countByStage({ ...filter, stage: [stage] }, scope)]) : [[], new Map<LeadStage, number>()];
    const now = Date.now();
    const cards = rows.map((r) => mapCard(r, now));
    return { stage, count: counts.get(stage) ?? 0, cards, nextCursor: cursorOf(cards, perColumn) };
  }
}
