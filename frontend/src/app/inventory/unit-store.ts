import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { addUnitPhoto } from '../api/fn/inventory/add-unit-photo';
import { createUnit } from '../api/fn/inventory/create-unit';
import { deleteUnitPhoto } from '../api/fn/inventory/delete-unit-photo';
import { getUnit } from '../api/fn/inventory/get-unit';
import { getUnitMatches } from '../api/fn/inventory/get-unit-matches';
import { updateUnit } from '../api/fn/inventory/update-unit';
import { sendLeadMessage } from '../api/fn/messaging/send-lead-message';
import { bookViewing } from '../api/fn/viewings/book-viewing';
import { listViewingSlots } from '../api/fn/viewings/list-viewing-slots';
import { ViewingSlotsDto } from '../api/models/viewing-slots-dto';
import { ViewingSlotDto } from '../api/models/viewing-slot-dto';
import { BuyerMatchDto } from '../api/models/buyer-match-dto';
import { CreateUnitDto } from '../api/models/create-unit-dto';
import { UnitDetailDto } from '../api/models/unit-detail-dto';
import { UnitStatus } from '../api/models/unit-status';
import { errorMessage } from '../core/api-error';

/** One unit, the leads it suits, and the changes an agent makes to it. */
@Injectable()
export class UnitStore {
  private readonly api = inject(Api);
  readonly unit = signal<UnitDetailDto | null>(null);
  readonly matches = signal<BuyerMatchDto[] | null>(null);
  readonly error = signal<string | null>(null);
  readonly matchesError = signal<string | null>(null);
  readonly actionError = signal<string | null>(null);
  readonly notice = signal<string | null>(null);
  readonly loading = signal(false);
  readonly busy = signal(false);

  async load(id: string, withMatches = true): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    this.matchesError.set(null);
    this.unit.set(null);
    this.matches.set(null);
    const unit = this.api.invoke(getUnit, { id }).then(
      (u) => this.unit.set(u),
      (e: unknown) => this.error.set(errorMessage(e, 'Could not load this unit')),
    );
    const matches = withMatches
      ? this.api.invoke(getUnitMatches, { id }).then(
          (m) => this.matches.set(m),
          (e: unknown) => this.matchesError.set(errorMessage(e, 'Could not load matching leads')),
        )
      : Promise.resolve();
    await Promise.all([unit, matches]);
    this.loading.set(false);
  }

  /** Adds a listing (no id) or saves changes to one; resolves to the saved unit. Throws the server's refusal for the form. */
  async save(id: string | null, body: CreateUnitDto): Promise<UnitDetailDto> {
    const saved = id ? await this.api.invoke(updateUnit, { id, body: body }) : await this.api.invoke(createUnit, { body });
    this.unit.set(saved);
    return saved;
  }

  /** Marks the unit available, under offer, sold… */
  async setStatus(status: UnitStatus): Promise<void> {
    await this.act(async (u) => {
      this.unit.set(await this.api.invoke(updateUnit, { id: u.id, body: { status } }));
    }, 'Could not change the status');
  }

  async addPhoto(file: File): Promise<void> {
    await this.act(async (u) => {
      const photo = await this.api.invoke(addUnitPhoto, { id: u.id, body: { photo: file } });
      const photos = [...u.photos, photo];
      this.unit.set({ ...u, photos, photoUrl: u.photoUrl ?? photo.url });
      this.notice.set('Photo added');
    }, 'Could not add the photo');
  }

  async removePhoto(photoId: string): Promise<void> {
    await this.act(async (u) => {
      await this.api.invoke(deleteUnitPhoto, { id: u.id, photoId });
      const photos = u.photos.filter((p) => p.id !== photoId);
      this.unit.set({ ...u, photos, photoUrl: photos[0]?.url ?? null });
      this.notice.set('Photo removed');
    }, 'Could not remove the photo');
  }

  /** Sends this home to a lead, through the same checks as any message to them (consent, quiet hours, WhatsApp's 24 hours). */
  async sendToLead(leadId: string, leadName: string, channel: 'whatsapp' | 'email', text: string): Promise<boolean> {
    return this.act(async (u) => {
      await this.api.invoke(sendLeadMessage, { id: leadId, body: { channel, text, ...(channel === 'email' ? { subject: u.title } : {}) } });
      this.notice.set(`Sent to ${leadName}`);
    }, 'Could not send it');
  }

  /** Free viewing times of this home for a lead, in the lead's time zone. */
  async viewingSlots(leadId: string): Promise<ViewingSlotsDto | null> {
    let found: ViewingSlotsDto | null = null;
    await this.act(async (u) => {
      found = await this.api.invoke(listViewingSlots, { id: leadId, unitId: u.id });
    }, 'Could not load free times');
    return found;
  }

  /** Books a viewing of this home for a lead; it goes on the lead's timeline. */
  async bookViewing(leadId: string, leadName: string, slot: ViewingSlotDto): Promise<boolean> {
    return this.act(async (u) => {
      const booked = await this.api.invoke(bookViewing, { id: leadId, body: { unitId: u.id, date: slot.date, time: slot.time } });
      this.notice.set(`Viewing booked for ${leadName}: ${booked.local}`);
    }, 'Could not book the viewing');
  }

  private async act(run: (u: UnitDetailDto) => Promise<void>, fallback: string): Promise<boolean> {
    const u = this.unit();
    if (!u) return false;
    this.busy.set(true);
    this.actionError.set(null);
    this.notice.set(null);
    try {
      await run(u);
      return true;
    } catch (e) {
      this.actionError.set(errorMessage(e, fallback));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
