import { CurrencyPipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';

/** What a unit card needs; both the inventory search hits and the assistant's tool results fit it. */
export interface UnitCardData {
  id: string;
  title: string;
  price: number;
  currency: string;
  bedrooms: number;
  bathrooms: number;
  city: string;
  area?: string | null;
  /** Number and street; with the price it tells apart cards with the same headline. */
  street?: string | null;
  /** The cover photo, when the unit has one. */
  photoUrl?: string | null;
  sizeSqft?: number | null;
  /** Why this unit came up, in words. */
  why: string[];
}

@Component({
  selector: 'oh-unit-card',
  imports: [MatCardModule, RouterLink, CurrencyPipe, DecimalPipe],
  template: `
    <mat-card appearance="outlined" class="card">
      @if (unit().photoUrl; as src) {
        <img mat-card-image class="photo" [src]="src" alt="" loading="lazy" data-testid="unit-card-photo" />
      }
      <mat-card-header>
        <mat-card-title class="title"><a [routerLink]="['/inventory', unit().id]">{{ unit().title }}</a></mat-card-title>
        @if (address(); as where) {
          <mat-card-subtitle data-testid="unit-card-address">{{ where }}</mat-card-subtitle>
        }
      </mat-card-header>
      <mat-card-content>
        <p class="facts">
          <strong>{{ unit().price | currency: unit().currency : 'symbol' : '1.0-0' }}</strong>
          · {{ unit().bedrooms }} bd · {{ unit().bathrooms | number: '1.0-1' }} ba
          @if (unit().sizeSqft) { · {{ unit().sizeSqft | number }} sqft }
        </p>
        @if (unit().why.length) {
          <ul class="why" aria-label="Why it matches">
            @for (reason of unit().why; track reason) { <li>{{ reason }}</li> }
          </ul>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .card { height: 100%; overflow: hidden; }
    .photo { aspect-ratio: 3 / 2; object-fit: cover; width: 100%; }
    .title { font: var(--mat-sys-title-small); }
    .title a { color: inherit; }
    .facts { margin: 8px 0 4px; }
    .why { margin: 4px 0 0; padding-left: 18px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnitCard {
  readonly unit = input.required<UnitCardData>();
  /** Street first (it tells two "Craftsman bungalow"s apart), then the area and city unless the headline already names the city. */
  protected readonly address = computed(() => {
    const u = this.unit();
    const place = u.title.includes(u.city) ? '' : [u.area, u.city].filter(Boolean).join(', ');
    return [u.street, place].filter(Boolean).join(' · ');
  });
}
