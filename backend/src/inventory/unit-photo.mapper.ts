import { photoUrlOf, type UnitPhotoDto } from './inventory.dto';
import type { UnitPhotoEntity } from './unit-photo.entity';

export const mapPhoto = (p: UnitPhotoEntity): UnitPhotoDto => ({ id: p.id, url: photoUrlOf(p.unitId, p.id), contentType: p.contentType, sizeBytes: p.sizeBytes });
