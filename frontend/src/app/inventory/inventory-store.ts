import { computed, inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { searchUnits, SearchUnits$Params } from '../api/fn/inventory/search-units';
import { understandSearch } from '../api/fn/inventory/understand-search';
import { SearchTextReadingDto } from '../api/models/search-text-reading-dto';
import { formatMoney, HOME_TYPE_LABELS, joinOr, labelFor } from '@words/broker-words';
import { UnitHitDto } from '../api/models/unit-hit-dto';
import { UnitPageDto } from '../api/models/unit-page-dto';
import { errorMessage } from '../core/api-error';
import { SessionReset } from '../core/session-reset';
import { UnitCardData } from '../shared/ui/unit-card';

export type InventoryFilters = Omit<SearchUnits$Params, 'page' | 'pageSize'>;
export const INVENTORY_PAGE_SIZE = 24;

/** The reasons a hit came up, in words a broker can repeat to a client. Exported for tests. */
export function whyLines(hit: UnitHitDto): string[] {
  const lines = [...hit.why.filters];
  // Words of the request found in the listing, as the listing says them; scores and ranks are
  // for the search, not for a broker (no "similarity 0.26").
  if (hit.why.terms.length) lines.push(`The listing mentions ${hit.why.terms.join(', ')}`);
  if (hit.why.semanticRank !== null && hit.why.semanticRank <= 10 && !hit.why.terms.length) lines.push('Close to what was asked for');
  return lines;
}

export function toCard(hit: UnitHitDto): UnitCardData {
  return { ...hit, why: whyLines(hit) };
}

/** What was read from typed search text, as the filters it sets and the words that stay in the text box. */
export interface TextReading {
  filters: Partial<InventoryFilters>;
  text: string;
  /** Each filter read, in a broker's words ("Up to $900K", "3+ bedrooms", "In Ballard"). */
  read: string[];
}

/** The reading as filters and their labels. Exported for tests. */
export function toTextReading(r: SearchTextReadingDto): TextReading {
  const filters: Partial<InventoryFilters> = {};
  const read: string[] = [];
  if (r.purpose) {
    filters.purpose = r.purpose;
    read.push(r.purpose === 'rent' ? 'For rent' : 'For sale');
  }
  if (r.type?.length) {
    filters.type = r.type;
    read.push(joinOr(r.type.map((t) => labelFor(HOME_TYPE_LABELS, t))));
  }
  if (r.priceMin !== undefined) filters.priceMin = r.priceMin;
  if (r.priceMax !== undefined) filters.priceMax = r.priceMax;
  if (r.priceMin !== undefined && r.priceMax !== undefined) read.push(`${formatMoney(r.priceMin)}–${formatMoney(r.priceMax)}`);
  else if (r.priceMax !== undefined) read.push(`Up to ${formatMoney(r.priceMax)}`);
  else if (r.priceMin !== undefined) read.push(`From ${formatMoney(r.priceMin)}`);
  if (r.bedsMin !== undefined) {
    filters.bedsMin = r.bedsMin;
    read.push(`${r.bedsMin}+ bedrooms`);
  }
  if (r.bathsMin !== undefined) {
    filters.bathsMin = r.bathsMin;
    read.push(`${r.bathsMin}+ bathrooms`);
  }
  for (const [key, value] of [['city', r.city], ['area', r.area], ['zip', r.zip]] as const) {
    if (!value) continue;
    filters[key] = value;
    read.push(`In ${value}`);
  }
  return { filters, text: r.text, read };
}

/** Inventory search: structured filters plus a free-text "what are they looking for". */
@Injectable({ providedIn: 'root' })
export class InventoryStore {
  private readonly api = inject(Api);
  private seq = 0;

  readonly filters = signal<InventoryFilters>({});
  readonly page = signal(1);
  readonly result = signal<UnitPageDto | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  constructor() {
    inject(SessionReset).register(() => {
      this.seq++;
      this.filters.set({});
      this.page.set(1);
      this.result.set(null);
      this.loading.set(false);
      this.error.set(null);
    });
  }

  readonly cards = computed(() => (this.result()?.items ?? []).map(toCard));
  readonly total = computed(() => this.result()?.total ?? 0);
  readonly pageCount = computed(() => Math.max(1, Math.ceil(this.total() / INVENTORY_PAGE_SIZE)));

  search(filters: InventoryFilters): void {
    this.filters.set(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length))));
    this.page.set(1);
    void this.load();
  }

  /**
   * Reads typed search text into filters ("under 900k" → max price), the way the assistant reads a
   * lead's message. Null when nothing could be read (or the reading failed): the text is searched as written.
   */
  async readText(q: string): Promise<TextReading | null> {
    if (!q.trim()) return null;
    try {
      const reading = toTextReading(await this.api.invoke(understandSearch, { q: q.trim().slice(0, 500) }));
      return reading.read.length ? reading : null;
    } catch {
      return null;
    }
  }

  goToPage(page: number): void {
    this.page.set(Math.min(Math.max(1, page), this.pageCount()));
    void this.load();
  }

  async load(): Promise<void> {
    const seq = ++this.seq;
    this.loading.set(true);
    this.error.set(null);
    try {
      const res = await this.api.invoke(searchUnits, { ...this.filters(), page: this.page(), pageSize: INVENTORY_PAGE_SIZE });
      if (seq === this.seq) this.result.set(res);
    } catch (e) {
      if (seq === this.seq) this.error.set(errorMessage(e, 'Search failed'));
    } finally {
      if (seq === this.seq) this.loading.set(false);
    }
  }
}
