import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
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
import { InventoryFilters, InventoryStore } from './inventory-store';

type Sort = NonNullable<InventoryFilters['sort']>;

@Component({
  selector: 'oh-inventory-page',
  imports: [LabelPipe, RouterLink, ReactiveFormsModule, DecimalPipe, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule, EmptyState, ErrorBanner, SkeletonRows, UnitCard],
  templateUrl: './inventory-page.html',
  styleUrl: './inventory-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InventoryPage implements OnInit {
  protected readonly store = inject(InventoryStore);
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
    city: [''],
    sort: this.fb.control<Sort | ''>(''),
  });

  ngOnInit(): void {
    const f = this.store.filters();
    this.form.patchValue({ q: f.q ?? '', type: f.type ?? [], priceMin: f.priceMin ?? null, priceMax: f.priceMax ?? null, bedsMin: f.bedsMin ?? null, city: f.city ?? '', sort: f.sort ?? '' });
    if (!this.store.result()) void this.store.load();
  }

  protected search(): void {
    const v = this.form.getRawValue();
    this.store.search({
      q: v.q.trim() || undefined,
      type: v.type,
      priceMin: v.priceMin ?? undefined,
      priceMax: v.priceMax ?? undefined,
      bedsMin: v.bedsMin ?? undefined,
      city: v.city.trim() || undefined,
      sort: v.sort || undefined,
    });
  }

  protected reset(): void {
    this.form.reset({ q: '', type: [], priceMin: null, priceMax: null, bedsMin: null, city: '', sort: '' });
    this.search();
  }
}
