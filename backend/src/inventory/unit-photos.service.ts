import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '../core/audit/audit-trail';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import type { UnitPhotoDto } from './inventory.dto';
import { mapPhoto } from './unit-photo.mapper';
import { InventoryRepository } from './inventory.repository';
import { PHOTO_STORE, type PhotoStore } from './photo-store';

/** The image types a listing photo may be, by their magic bytes (not by the name or the declared type). */
const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp']);


@Injectable()
export class UnitPhotosService {
  constructor(
    private readonly units: InventoryRepository,
    @Inject(PHOTO_STORE) private readonly store: PhotoStore,
    private readonly audit: AuditTrail,
  ) {}

  async list(unitId: string): Promise<UnitPhotoDto[]> {
    return (await this.units.photosOf(unitId)).map(mapPhoto);
  }

  async add(unitId: string, bytes: Buffer): Promise<UnitPhotoDto> {
    if (!(await this.units.findById(unitId))) throw notFound('Unit');
    const contentType = await sniffImageType(bytes);
    const id = randomUUID();
    const storageKey = `${unitId}/${id}`;
    await this.store.put(storageKey, bytes, contentType);
    try {
      return mapPhoto(await this.units.addPhoto({ id, unitId, storageKey, contentType, sizeBytes: bytes.length }));
    } catch (e) {
      // The row is the truth: bytes without a row would never be shown or cleaned up.
      await this.store.delete(storageKey);
      throw e;
    }
  }

  async read(unitId: string, photoId: string): Promise<{ bytes: Buffer; contentType: string }> {
    const photo = await this.units.findPhoto(unitId, photoId);
    const bytes = photo ? await this.store.get(photo.storageKey) : null;
    if (!photo || !bytes) throw notFound('Photo');
    return { bytes, contentType: photo.contentType };
  }

  /** Forgets the bytes of photos whose rows are gone already (their unit was deleted). */
  async forgetBytes(storageKeys: string[]): Promise<void> {
    for (const key of storageKeys) await this.store.delete(key);
  }

  /** Deletes one photo of a unit; the audit log says who deleted which, from where. */
  async remove(unitId: string, photoId: string, actor: AuthUser): Promise<void> {
    const photo = await this.units.findPhoto(unitId, photoId);
    if (!photo) throw notFound('Photo');
    await this.units.removePhoto(unitId, photoId);
    await this.store.delete(photo.storageKey);
    const unit = await this.units.findById(unitId);
    await this.audit.record({ action: 'photo.deleted', actorId: actor.id, apiKeyId: actor.apiKeyId, targetType: 'photo', targetId: photoId, changes: { unitId, unitRef: unit?.ref ?? null, position: photo.position, contentType: photo.contentType, sizeBytes: photo.sizeBytes } });
  }
}

async function sniffImageType(bytes: Buffer): Promise<string> {
  const message = 'A photo must be a JPEG, PNG or WebP image';
  if (!bytes.length) throw new DomainError('invalid', 'photo_empty', 'The photo is empty', [{ field: 'photo', errors: ['The photo is empty'] }]);
  // file-type is ESM-only; this app is CommonJS, so it is loaded on first use.
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(bytes);
  if (!found || !ACCEPTED.has(found.mime)) throw new DomainError('unsupported_media', 'photo_type', message, [{ field: 'photo', errors: [message] }]);
  return found.mime;
}
