import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { UnitType } from '../api/models/unit-type';
import { EmptyState } from '../shared/ui/empty-state';
import { ErrorBanner } from '../shared/ui/error-banner';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { UnitCard } from '../shared/ui/unit-card';
import { LabelPipe } from '../shared/ui/label-pipe';
import { InventoryFilters, InventoryStore, TextReading } from './inventory-store';

type Sort = NonNullable<InventoryFilters['sort']>;

/** The most bedrooms or bathrooms a search can ask for (the API's limit). */
const ROOMS_MAX = 20;
/** A room count as the search takes it: a whole number of bedrooms, half bathrooms, within the API's limit. */
const rooms = (n: number | null, step: 1 | 0.5) => (n === null || Number.isNaN(n) ? undefined : Math.min(ROOMS_MAX, Math.max(0, Math.round(n / step) * step)));

@Component({
  selector: 'oh-inventory-page',
  imports: [LabelPipe, RouterLink, ReactiveFormsModule, DecimalPipe, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule, EmptyState, ErrorBanner, SkeletonRows, UnitCard],
  templateUrl: './inventory-page.html',
  styleUrl: './inventory-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InventoryPage implements OnInit {
  protected readonly store = inject(InventoryStore);
  protected readonly roomsMax = ROOMS_MAX;
  protected readonly types: UnitType[] = ['house', 'townhouse', 'condo', 'apartment', 'land'];
  protected readonly sorts: { value: Sort | ''; label: string }[] = [
    { value: '', label: 'Best match' },
    { value: 'price', label: 'Price: low to high' },
    { value: '-price', label: 'Price: high to low' },
    { value: 'newest', label: 'Newest' },
    { value: '-beds', label: 'Most bedrooms' },
    { value: '-size', label: 'Largest' },
  ];
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    q: [''],
    type: this.fb.control<UnitType[]>([]),
    priceMin: this.fb.control<number | null>(null),
    priceMax: this.fb.control<number | null>(null),
    bedsMin: this.fb.control<number | null>(null),
    bathsMin: this.fb.control<number | null>(null),
    purpose: this.fb.control<'sale' | 'rent' | ''>(''),
    city: [''],
    area: [''],
    zip: [''],
    sort: this.fb.control<Sort | ''>(''),
  });

  ngOnInit(): void {
    const f = this.store.filters();
    this.form.patchValue({ q: f.q ?? '', type: f.type ?? [], priceMin: f.priceMin ?? null, priceMax: f.priceMax ?? null, bedsMin: f.bedsMin ?? null, bathsMin: f.bathsMin ?? null, purpose: f.purpose ?? '', city: f.city ?? '', area: f.area ?? '', zip: f.zip ?? '', sort: f.sort ?? '' });
    if (!this.store.result()) void this.store.load();
  }

  /** What the last search read from the typed words, shown so the person sees which filters it set. */
  protected readonly understood = signal<TextReading | null>(null);

  /** Reads the typed words into the filters first ("under 900k" fills Max price), then searches. */
  protected async search(): Promise<void> {
    const reading = await this.store.readText(this.form.controls.q.value);
    if (reading) {
      const f = reading.filters;
      this.form.patchValue({
        q: reading.text,
        ...(f.type ? { type: f.type } : {}),
        ...(f.priceMin !== undefined ? { priceMin: f.priceMin } : {}),
        ...(f.priceMax !== undefined ? { priceMax: f.priceMax } : {}),
        ...(f.bedsMin !== undefined ? { bedsMin: rooms(f.bedsMin, 1) } : {}),
        ...(f.bathsMin !== undefined ? { bathsMin: rooms(f.bathsMin, 0.5) } : {}),
        ...(f.purpose ? { purpose: f.purpose } : {}),
        ...(f.city ? { city: f.city } : {}),
        ...(f.area ? { area: f.area } : {}),
        ...(f.zip ? { zip: f.zip } : {}),
      });
    }
    this.understood.set(reading);
    const v = this.form.getRawValue();
    this.store.search({
      q: v.q.trim() || undefined,
      type: v.type,
      priceMin: v.priceMin ?? undefined,
      priceMax: v.priceMax ?? undefined,
      bedsMin: rooms(v.bedsMin, 1),
      bathsMin: rooms(v.bathsMin, 0.5),
      purpose: v.purpose || undefined,
      city: v.city.trim() || undefined,
      area: v.area.trim() || undefined,
      zip: v.zip.trim() || undefined,
      sort: v.sort || undefined,
    });
  }

  protected reset(): void {
    this.form.reset({ q: '', type: [], priceMin: null, priceMax: null, bedsMin: null, bathsMin: null, purpose: '', city: '', area: '', zip: '', sort: '' });
    this.understood.set(null);
    void this.search();
  }
}
