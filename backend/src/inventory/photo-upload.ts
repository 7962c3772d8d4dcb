import type { FastifyRequest } from 'fastify';
import { DomainError } from '../core/http/domain-error';

/** The field a photo upload carries its file in. */
export const PHOTO_FIELD = 'photo';

const fieldError = (kind: 'invalid' | 'unsupported_media' | 'too_large', code: string, message: string) =>
  new DomainError(kind, code, message, [{ field: PHOTO_FIELD, errors: [message] }]);

/**
 * Reads the one photo of a multipart upload into memory (the size limit is the multipart plugin's,
 * PHOTO_MAX_BYTES), turning the plugin's errors into the app's 4xx shape. Nothing is stored here.
 */
export async function readPhotoUpload(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!req.isMultipart()) throw fieldError('unsupported_media', 'multipart_expected', `Send the photo as multipart/form-data in the field "${PHOTO_FIELD}"`);
  try {
    const file = await req.file();
    if (!file || file.fieldname !== PHOTO_FIELD) throw fieldError('invalid', 'photo_missing', `Choose a photo to upload (field "${PHOTO_FIELD}")`);
    return await file.toBuffer();
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw fieldError('too_large', 'photo_too_large', `A photo can be at most ${Math.floor(maxBytes / (1024 * 1024))} MB`);
    // Anything else the multipart parser raises is a malformed upload (bad boundary, cut short…).
    throw fieldError('invalid', 'upload_invalid', 'The upload could not be read; try again');
  }
}
