import { computed, inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { listLeads, ListLeads$Params } from '../api/fn/leads/list-leads';
import { exportLeads, ExportLeads$Params } from '../api/fn/leads/export-leads';
import { createView } from '../api/fn/views/create-view';
import { deleteView } from '../api/fn/views/delete-view';
import { listViews } from '../api/fn/views/list-views';
import { reassignLeads } from '../api/fn/leads/reassign-leads';
import { listAssignableUsers } from '../api/fn/users/list-assignable-users';
import { AssigneeDto } from '../api/models/assignee-dto';
import { LeadPageDto } from '../api/models/lead-page-dto';
import { SavedViewDto } from '../api/models/saved-view-dto';
import { SavedViewFiltersDto } from '../api/models/saved-view-filters-dto';
import { errorMessage } from '../core/api-error';
import { SessionReset } from '../core/session-reset';

/** The inbox filters; the same names as the `GET /api/leads` query and a saved view's filters. */
export type InboxFilters = SavedViewFiltersDto;
export type LeadSort = NonNullable<InboxFilters['sort']>;

/** Open leads waiting for an answer first (longest wait first), closed deals last. */
export const DEFAULT_FILTERS: InboxFilters = { sort: 'attention' };
export const PAGE_SIZE = 50;
/** The columns an inbox row shows, in the order the export file gets them. */
export const INBOX_EXPORT_COLUMNS: NonNullable<ExportLeads$Params['columns']> = ['name', 'email', 'phone', 'stage', 'source', 'score', 'replyDue', 'assignee', 'lastActivity'];
const SEARCH_DEBOUNCE_MS = 250;
/** A page fetched ahead (the route's head start, the next page) and not shown yet is used without asking again. */
const FRESH_MS = 5_000;

/**
 * The inbox: filters, the visible page of leads, and the user's saved views. Provided in root so
 * the inbox comes back instantly, where it was, after opening a lead. Pages already seen are shown
 * at once from memory while the server is asked again, and the next page is fetched ahead.
 */
@Injectable({ providedIn: 'root' })
export class InboxStore {
  private readonly api = inject(Api);
  private readonly pages = new Map<string, { page: LeadPageDto; at: number; shown: boolean }>();
  private readonly inFlight = new Map<string, Promise<LeadPageDto>>();
  private requestSeq = 0;
  /** Bumped on sign-out: answers to the previous session's requests are dropped. */
  private epoch = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  readonly filters = signal<InboxFilters>({ ...DEFAULT_FILTERS });
  readonly page = signal(1);
  readonly result = signal<LeadPageDto | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly views = signal<SavedViewDto[]>([]);
  readonly activeViewId = signal<string | null>(null);
  readonly viewError = signal<string | null>(null);
  /** Leads ticked for a bulk action, by id (kept across pages until the action or sign-out). */
  readonly selected = signal<ReadonlySet<string>>(new Set());
  /** People the signed-in user may hand leads to (loaded when the first lead is ticked). */
  readonly assignees = signal<AssigneeDto[]>([]);
  readonly bulkError = signal<string | null>(null);
  readonly exporting = signal(false);
  readonly exportError = signal<string | null>(null);

  readonly leads = computed(() => this.result()?.items ?? []);
  readonly total = computed(() => this.result()?.total ?? 0);
  readonly totalExact = computed(() => this.result()?.totalExact ?? true);
  readonly pageCount = computed(() => Math.max(1, Math.ceil(this.total() / PAGE_SIZE)));
  /** "300 leads"; past 1,000 the server estimates, and a fresh database's estimate can be low. */
  readonly countLabel = computed(() => {
    const total = this.total();
    if (this.totalExact()) return `${total.toLocaleString('en-US')} lead${total === 1 ? '' : 's'}`;
    return total > 1001 ? `about ${total.toLocaleString('en-US')} leads` : 'more than 1,000 leads';
  });
  readonly hasFilters = computed(() => {
    const f = this.filters();
    return Boolean(f.stage?.length || f.source?.length || f.assignee || f.scoreMin || f.needsReply || f.q);
  });

  constructor() {
    inject(SessionReset).register(() => this.reset());
  }

  /** Forgets everything: filters, pages seen, views. Runs on sign-out. */
  reset(): void {
    clearTimeout(this.searchTimer);
    this.epoch++;
    this.requestSeq++;
    this.pages.clear();
    this.inFlight.clear();
    this.filters.set({ ...DEFAULT_FILTERS });
    this.page.set(1);
    this.result.set(null);
    this.loading.set(false);
    this.error.set(null);
    this.views.set([]);
    this.activeViewId.set(null);
    this.viewError.set(null);
    this.selected.set(new Set());
    this.assignees.set([]);
    this.bulkError.set(null);
    this.exporting.set(false);
    this.exportError.set(null);
  }

  /**
   * Every lead matching the current filters (not only this page), as a spreadsheet file with the
   * columns the inbox shows; the saved view it came from, if any, is named in the audit log.
   * Resolves to the file (name and contents), or null with exportError set.
   */
  async exportCsv(): Promise<{ filename: string; blob: Blob } | null> {
    this.exportError.set(null);
    this.exporting.set(true);
    const params: ExportLeads$Params = { ...this.filters(), columns: INBOX_EXPORT_COLUMNS, viewId: this.activeViewId() ?? undefined };
    try {
      const res = await this.api.invoke$Response(exportLeads, clean(params));
      const named = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '');
      return { filename: named?.[1] ?? 'leads.csv', blob: new Blob([res.body], { type: 'text/csv;charset=utf-8' }) };
    } catch (e) {
      this.exportError.set(errorMessage(e, 'Could not download the leads'));
      return null;
    } finally {
      this.exporting.set(false);
    }
  }

  /** Changes some filters and goes back to the first page. */
  setFilters(patch: Partial<InboxFilters>): void {
    this.filters.update((f) => clean({ ...f, ...patch }));
    this.page.set(1);
    this.activeViewId.set(null);
    void this.load();
  }

  /** Search text waits for a pause in typing; an empty or 1-letter query is no query. */
  setSearch(text: string): void {
    clearTimeout(this.searchTimer);
    const q = text.trim();
    this.searchTimer = setTimeout(() => {
      if ((this.filters().q ?? '') === (q.length >= 2 ? q : '')) return;
      this.setFilters({ q: q.length >= 2 ? q : undefined });
    }, SEARCH_DEBOUNCE_MS);
  }

  clearFilters(): void {
    this.filters.set({ ...DEFAULT_FILTERS, sort: this.filters().sort ?? DEFAULT_FILTERS.sort });
    this.page.set(1);
    this.activeViewId.set(null);
    void this.load();
  }

  goToPage(page: number): void {
    const target = Math.min(Math.max(1, Math.floor(page)), this.pageCount());
    if (target === this.page()) return;
    this.page.set(target);
    void this.load();
  }

  /** Fetches the current page ahead of showing it (the route calls this while the inbox code downloads). */
  prime(): void {
    const params: ListLeads$Params = { ...this.filters(), page: this.page(), pageSize: PAGE_SIZE };
    if (!this.pages.has(JSON.stringify(params))) this.fetchPage(JSON.stringify(params), params).catch(() => undefined);
  }

  async load(): Promise<void> {
    const params: ListLeads$Params = { ...this.filters(), page: this.page(), pageSize: PAGE_SIZE };
    const key = JSON.stringify(params);
    const seq = ++this.requestSeq;
    const cached = this.pages.get(key);
    if (cached) this.result.set(cached.page);
    this.error.set(null);
    if (cached && !cached.shown && Date.now() - cached.at < FRESH_MS) {
      cached.shown = true;
      this.loading.set(false);
      this.prefetch({ ...params, page: params.page! + 1 }, cached.page);
      return;
    }
    this.loading.set(true);
    try {
      const page = await this.fetchPage(key, params);
      if (seq !== this.requestSeq) return; // a newer request owns the screen
      this.result.set(page);
      const entry = this.pages.get(key);
      if (entry) entry.shown = true;
      this.prefetch({ ...params, page: params.page! + 1 }, page);
    } catch (e) {
      if (seq === this.requestSeq) this.error.set(errorMessage(e, 'Could not load the inbox'));
    } finally {
      if (seq === this.requestSeq) this.loading.set(false);
    }
  }

  toggleSelected(id: string, on: boolean): void {
    const next = new Set(this.selected());
    if (on) next.add(id);
    else next.delete(id);
    this.selected.set(next);
    if (on && this.assignees().length === 0) void this.loadAssignees();
  }

  clearSelection(): void {
    this.selected.set(new Set());
    this.bulkError.set(null);
  }

  async loadAssignees(): Promise<void> {
    const epoch = this.epoch;
    try {
      const people = await this.api.invoke(listAssignableUsers);
      if (epoch === this.epoch) this.assignees.set(people);
    } catch (e) {
      this.bulkError.set(errorMessage(e, 'Could not load who can take leads'));
    }
  }

  /**
   * Hands every ticked lead to one person (null: back to the unassigned pool), all or none; then
   * the inbox is asked again. Resolves to how many changed hands, or null (bulkError set).
   */
  async reassignSelected(assigneeId: string | null): Promise<number | null> {
    this.bulkError.set(null);
    try {
      const res = await this.api.invoke(reassignLeads, { body: { leadIds: [...this.selected()], assigneeId } });
      this.selected.set(new Set());
      this.pages.clear();
      void this.load();
      return res.reassigned;
    } catch (e) {
      this.bulkError.set(errorMessage(e, 'Could not reassign the leads; none were changed'));
      return null;
    }
  }

  async loadViews(): Promise<void> {
    const epoch = this.epoch;
    try {
      const views = await this.api.invoke(listViews);
      if (epoch === this.epoch) this.views.set(views);
    } catch (e) {
      this.viewError.set(errorMessage(e, 'Could not load your saved views'));
    }
  }

  applyView(view: SavedViewDto): void {
    this.filters.set(clean({ ...DEFAULT_FILTERS, ...view.filters }));
    this.page.set(1);
    this.activeViewId.set(view.id);
    void this.load();
  }

  /** Saves the current filters under a name; resolves to false (with viewError set) when the server refuses. */
  async saveView(name: string): Promise<boolean> {
    this.viewError.set(null);
    try {
      const view = await this.api.invoke(createView, { body: { name: name.trim(), filters: this.filters() } });
      this.views.update((vs) => [...vs, view].sort((a, b) => a.name.localeCompare(b.name)));
      this.activeViewId.set(view.id);
      return true;
    } catch (e) {
      this.viewError.set(errorMessage(e, 'Could not save the view'));
      return false;
    }
  }

  async deleteView(id: string): Promise<boolean> {
    this.viewError.set(null);
    try {
      await this.api.invoke(deleteView, { id });
      this.views.update((vs) => vs.filter((v) => v.id !== id));
      if (this.activeViewId() === id) this.activeViewId.set(null);
      return true;
    } catch (e) {
      this.viewError.set(errorMessage(e, 'Could not delete the view'));
      return false;
    }
  }

  /** Undo of a delete: the same name and filters saved again. */
  async restoreView(view: SavedViewDto): Promise<boolean> {
    this.viewError.set(null);
    try {
      const again = await this.api.invoke(createView, { body: { name: view.name, filters: view.filters } });
      this.views.update((vs) => [...vs, again].sort((a, b) => a.name.localeCompare(b.name)));
      return true;
    } catch (e) {
      this.viewError.set(errorMessage(e, 'Could not bring the view back'));
      return false;
    }
  }

  /** One request per page however many callers ask at once (the route's head start, the page, a prefetch). */
  private fetchPage(key: string, params: ListLeads$Params): Promise<LeadPageDto> {
    let request = this.inFlight.get(key);
    if (!request) {
      const epoch = this.epoch;
      request = this.api.invoke(listLeads, params).then((page) => {
        if (epoch === this.epoch) this.remember(key, page);
        return page;
      });
      this.inFlight.set(key, request);
      void request.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    return request;
  }

  private remember(key: string, page: LeadPageDto): void {
    this.pages.delete(key);
    this.pages.set(key, { page, at: Date.now(), shown: false });
    if (this.pages.size > 40) this.pages.delete(this.pages.keys().next().value!);
  }

  private prefetch(params: ListLeads$Params, current: LeadPageDto): void {
    const key = JSON.stringify(params);
    if (current.items.length < PAGE_SIZE || this.pages.has(key)) return;
    this.fetchPage(key, params).catch(() => undefined); // only a head start; the real request reports errors
  }
}

/** Drops empty values so requests, saved views and cache keys stay minimal. */
function clean<T extends object>(f: T): T {
  return Object.fromEntries(
    Object.entries(f).filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0)),
  ) as T;
}
