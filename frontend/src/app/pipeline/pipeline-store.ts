import type { SlaClockDto } from '../api/models/sla-clock-dto';
import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { ApiConfiguration } from '../api/api-configuration';
import { followPipeline } from '../api/fn/pipeline/follow-pipeline';
import { getBoard } from '../api/fn/pipeline/get-board';
import { getBoardColumn } from '../api/fn/pipeline/get-board-column';
import { moveCard } from '../api/fn/pipeline/move-card';
import { listStageRules } from '../api/fn/pipeline/list-stage-rules';
import { BoardCardDto } from '../api/models/board-card-dto';
import type { BoardDto } from '../api/models/board-dto';
import { BoardColumnDto } from '../api/models/board-column-dto';
import { LeadMovedEventDto } from '../api/models/lead-moved-event-dto';
import { LeadStage } from '../api/models/lead-stage';
import { StageRuleDto } from '../api/models/stage-rule-dto';
import { AuthStore } from '../core/auth-store';
import { errorMessage } from '../core/api-error';
import { SessionReset } from '../core/session-reset';
import { readFrames } from '../chat/event-stream';
import { InboxFilters } from '../inbox/inbox-store';
import { MoveDetails } from '../shared/ui/stage-move-dialog';

export const CARDS_PER_PAGE = 20;
const RECONNECT_MS = 3_000;
const RELOAD_DEBOUNCE_MS = 300;
/** A first page asked for ahead (`prime`) is used by the page's first load within this long. */
const PRIMED_MS = 10_000;

/** A refused or conflicting move, said to the person next to the card that stayed. */
export interface MoveNotice {
  leadId: string;
  message: string;
}

/**
 * The pipeline board: columns of cards by stage under the inbox's filters, more cards on scroll,
 * moves through the board's move endpoint (the lead's stage move, with the card's version, so a card someone else moved
 * meanwhile is refused, not overwritten), and moves by others as they happen (SSE, read with fetch
 * like the Conversations feed: EventSource cannot send the bearer token).
 */
@Injectable({ providedIn: 'root' })
export class PipelineStore {
  private readonly api = inject(Api);
  private readonly config = inject(ApiConfiguration);
  private readonly auth = inject(AuthStore);
  private feed: AbortController | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private filters: InboxFilters = {};
  private primed: { key: string; at: number; request: Promise<[BoardDto, StageRuleDto[]]> } | null = null;

  readonly columns = signal<BoardColumnDto[]>([]);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly notice = signal<MoveNotice | null>(null);
  readonly rules = signal<StageRuleDto[]>([]);
  /** Leads whose move is on its way to the server. */
  readonly moving = signal<ReadonlySet<string>>(new Set());
  readonly live = signal(false);
  readonly stages = computed(() => this.columns().map((c) => c.stage));

  constructor() {
    inject(SessionReset).register(() => this.reset());
  }

  reset(): void {
    this.stop();
    this.seq++;
    this.columns.set([]);
    this.error.set(null);
    this.notice.set(null);
    this.rules.set([]);
    this.primed = null;
  }

  /**
   * Asks for the board's first page while the board's code still downloads (the route calls this
   * before its lazy chunk loads), so the two overlap; the page's first `load` takes this answer.
   */
  prime(filters: InboxFilters): void {
    const { sort: _sort, ...rest } = filters;
    const key = JSON.stringify(rest);
    if (this.primed?.key === key && Date.now() - this.primed.at < PRIMED_MS) return;
    const request = this.firstPage(rest);
    request.catch(() => undefined); // the page's load reports a failure
    this.primed = { key, at: Date.now(), request };
  }

  private firstPage(filters: InboxFilters): Promise<[BoardDto, StageRuleDto[]]> {
    return Promise.all([this.api.invoke(getBoard, { ...filters, perColumn: CARDS_PER_PAGE }), this.rules().length ? Promise.resolve(this.rules()) : this.api.invoke(listStageRules, {})]);
  }

  /** The first cards and counts of every column, for the inbox's filters (its sort does not apply: columns are by score). */
  async load(filters: InboxFilters): Promise<void> {
    const { sort: _sort, ...rest } = filters;
    this.filters = rest;
    const seq = ++this.seq;
    this.loading.set(true);
    this.error.set(null);
    // The request the route started while the code downloaded, when it asked for these filters (used once).
    const primed = this.primed?.key === JSON.stringify(rest) && Date.now() - this.primed.at < PRIMED_MS ? this.primed.request : null;
    this.primed = null;
    try {
      const [board, rules] = await (primed ?? this.firstPage(rest));
      if (seq !== this.seq) return;
      this.columns.set(board.columns);
      this.rules.set(rules);
    } catch (e) {
      if (seq === this.seq) this.error.set(errorMessage(e, 'Could not load the board.'));
    } finally {
      if (seq === this.seq) this.loading.set(false);
    }
  }

  /** The column's next cards, when the person scrolls to its end. */
  async loadMore(stage: LeadStage): Promise<void> {
    const column = this.columns().find((c) => c.stage === stage);
    if (!column?.nextCursor) return;
    const seq = this.seq;
    const after = column.nextCursor;
    this.patchColumn(stage, (c) => ({ ...c, nextCursor: null }));
    try {
      const page = await this.api.invoke(getBoardColumn, { column: stage, ...this.filters, perColumn: CARDS_PER_PAGE, after });
      if (seq !== this.seq) return;
      this.patchColumn(stage, (c) => {
        const known = new Set(c.cards.map((x) => x.id));
        return { ...c, count: page.count, cards: [...c.cards, ...page.cards.filter((x) => !known.has(x.id))], nextCursor: page.nextCursor };
      });
    } catch (e) {
      this.patchColumn(stage, (c) => ({ ...c, nextCursor: after }));
      this.error.set(errorMessage(e, 'Could not load more cards.'));
    }
  }

  /**
   * Moves the card on the server first; the card changes column only once the server agreed. A
   * refusal (a stage rule, 422) or a conflict (someone moved it first, 409) is said next to the card.
   */
  async move(card: BoardCardDto, to: LeadStage, details: MoveDetails): Promise<boolean> {
    if (card.stage === to) return true;
    this.notice.set(null);
    this.moving.update((s) => new Set(s).add(card.id));
    try {
      const moved = await this.api.invoke(moveCard, { id: card.id, body: { stage: to, version: card.version, ...details } });
      this.place({ ...card, stage: moved.stage, version: moved.version }, card.stage);
      return true;
    } catch (e) {
      this.notice.set({ leadId: card.id, message: errorMessage(e, 'The move did not go through.') });
      // Someone moved it first: show the board as it is now.
      if (e instanceof HttpErrorResponse && e.status === 409) this.scheduleReload();
      return false;
    } finally {
      this.moving.update((s) => {
        const next = new Set(s);
        next.delete(card.id);
        return next;
      });
    }
  }

  dismissNotice(): void {
    this.notice.set(null);
  }

  /** Starts following moves by others (until `stop`), reconnecting after a drop. */
  follow(): void {
    if (this.feed) return;
    const abort = new AbortController();
    this.feed = abort;
    void this.readFeed(abort);
  }

  stop(): void {
    this.feed?.abort();
    this.feed = null;
    this.live.set(false);
    clearTimeout(this.reloadTimer);
  }

  private async readFeed(abort: AbortController): Promise<void> {
    while (!abort.signal.aborted) {
      try {
        const token = this.auth.token();
        const res = await fetch(`${this.config.rootUrl}${followPipeline.PATH}`, { headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal: abort.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        for await (const frame of readFrames(res.body)) {
          if (frame.event === 'ready') this.live.set(true);
          else if (frame.event === 'resync') this.scheduleReload();
          else if (frame.event === 'moved') this.applyMoved(JSON.parse(frame.data) as LeadMovedEventDto);
          else if (frame.event === 'sla') this.applyClock(JSON.parse(frame.data) as { leadId: string; sla: SlaClockDto | null });
        }
      } catch {
        // dropped or refused: try again shortly (unless stopped)
      }
      this.live.set(false);
      if (abort.signal.aborted) return;
      await new Promise((r) => setTimeout(r, RECONNECT_MS));
      this.scheduleReload();
    }
  }

  /** Someone (maybe this person, in another tab) moved a lead: move the card if it is on the board, else read the board again. */
  private applyMoved(m: LeadMovedEventDto): void {
    const from = this.columns().find((c) => c.stage === m.from);
    const card = from?.cards.find((c) => c.id === m.leadId);
    if (card) {
      if (card.version >= m.version) return; // already placed by our own move
      this.place({ ...card, stage: m.to, version: m.version }, m.from);
      return;
    }
    const elsewhere = this.columns().some((c) => c.cards.some((x) => x.id === m.leadId && x.version >= m.version));
    if (!elsewhere) this.scheduleReload();
  }

  /** A lead's SLA clock changed (a timer started, stopped or moved): its card shows the new one. */
  private applyClock(m: { leadId: string; sla: SlaClockDto | null }): void {
    this.columns.update((cols) => cols.map((c) => (c.cards.some((x) => x.id === m.leadId) ? { ...c, cards: c.cards.map((x) => (x.id === m.leadId ? { ...x, sla: m.sla } : x)) } : c)));
  }

  /** Takes the card out of `from` and puts it first in its new stage's column, counts following. */
  private place(card: BoardCardDto, from: LeadStage): void {
    this.columns.update((cols) =>
      cols.map((c) => {
        if (c.stage === from && c.stage !== card.stage) return { ...c, count: Math.max(0, c.count - 1), cards: c.cards.filter((x) => x.id !== card.id) };
        if (c.stage === card.stage) return { ...c, count: c.count + (from === card.stage ? 0 : 1), cards: [card, ...c.cards.filter((x) => x.id !== card.id)] };
        return c;
      }),
    );
  }

  private patchColumn(stage: LeadStage, fn: (c: BoardColumnDto) => BoardColumnDto): void {
    this.columns.update((cols) => cols.map((c) => (c.stage === stage ? fn(c) : c)));
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.load(this.filters), RELOAD_DEBOUNCE_MS);
  }
}
