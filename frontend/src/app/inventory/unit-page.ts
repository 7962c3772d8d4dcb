import { CurrencyPipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { formatMoney, timeZoneWords } from '@words/broker-words';
import { UnitDetailDto } from '../api/models/unit-detail-dto';
import { UnitStatus } from '../api/models/unit-status';
import { ViewingSlotDto } from '../api/models/viewing-slot-dto';
import { EmptyState } from '../shared/ui/empty-state';
import { ErrorBanner } from '../shared/ui/error-banner';
import { ScoreChip } from '../shared/ui/score-chip';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { LabelPipe } from '../shared/ui/label-pipe';
import { UnitStore } from './unit-store';

const STATUSES: UnitStatus[] = ['available', 'under_offer', 'sold', 'rented', 'off_market'];

/** The address as a person writes it: street, neighbourhood, city and ZIP. */
export const addressOf = (u: Pick<UnitDetailDto, 'street' | 'area' | 'city' | 'zip'>) =>
  [u.street, u.area, [u.city, u.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');

@Component({
  selector: 'oh-unit-page',
  imports: [LabelPipe, RouterLink, CurrencyPipe, DecimalPipe, MatButtonModule, MatCardModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, EmptyState, ErrorBanner, ScoreChip, SkeletonRows],
  providers: [UnitStore],
  templateUrl: './unit-page.html',
  styleUrl: './unit-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnitPage {
  protected readonly store = inject(UnitStore);
  readonly id = input.required<string>();
  protected readonly statuses = STATUSES;
  protected readonly addressOf = addressOf;
  /** The lead this home is being sent to, while the send form is open. */
  protected readonly sending = signal<{ leadId: string; name: string } | null>(null);
  protected readonly channel = signal<'email' | 'whatsapp'>('email');
  protected readonly text = signal('');
  /** The lead a viewing is being booked for, with the free times offered (in their time zone). */
  protected readonly booking = signal<{ leadId: string; name: string; zone: string; slots: ViewingSlotDto[] | null } | null>(null);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.store.load(id));
    });
  }

  protected upload(input: HTMLInputElement): void {
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.store.addPhoto(file);
  }

  protected removePhoto(photoId: string): void {
    if (confirm('Remove this photo from the listing?')) void this.store.removePhoto(photoId);
  }

  protected openSend(leadId: string, name: string, u: UnitDetailDto): void {
    this.booking.set(null);
    const first = name.split(' ')[0] || name;
    const where = addressOf(u);
    this.text.set(
      `Hi ${first}, this home could suit you: ${u.title}${where ? `, ${where}` : ''}. ${formatMoney(u.price, u.currency)}${u.purpose === 'rent' ? ' a month' : ''}, ${u.bedrooms} bedrooms. Would you like to see it?`,
    );
    this.sending.set({ leadId, name });
  }

  protected async openBooking(leadId: string, name: string): Promise<void> {
    this.sending.set(null);
    this.booking.set({ leadId, name, zone: '', slots: null });
    const found = await this.store.viewingSlots(leadId);
    if (this.booking()?.leadId !== leadId) return;
    this.booking.set(found ? { leadId, name, zone: timeZoneWords(found.timezone), slots: found.slots } : null);
  }

  protected async book(slot: ViewingSlotDto): Promise<void> {
    const to = this.booking();
    if (to && (await this.store.bookViewing(to.leadId, to.name, slot))) this.booking.set(null);
  }

  protected async send(): Promise<void> {
    const to = this.sending();
    if (!to) return;
    if (await this.store.sendToLead(to.leadId, to.name, this.channel(), this.text().trim())) this.sending.set(null);
  }
}
