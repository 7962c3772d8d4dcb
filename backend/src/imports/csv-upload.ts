import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../core/http/domain-error';

/** The field a CSV upload carries its file in. */
export const CSV_FIELD = 'file';

const fieldError = (kind: 'invalid' | 'unsupported_media' | 'too_large', code: string, message: string) => new DomainError(kind, code, message, [{ field: CSV_FIELD, errors: [message] }]);

const tooLarge = (maxBytes: number) => fieldError('too_large', 'file_too_large', `A CSV file can be at most ${Math.floor(maxBytes / (1024 * 1024))} MB; split it into smaller files`);

/**
 * Streams the upload's one file to disk (never into memory) under `dir`, refusing it (413) as soon
 * as it passes `maxBytes`, or at once when the request says it is larger. Whatever was written of
 * a refused upload is removed.
 */
export async function saveCsvUpload(req: FastifyRequest, dir: string, maxBytes: number): Promise<{ path: string; fileName: string; size: number }> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
  if (!req.isMultipart()) throw fieldError('unsupported_media', 'multipart_expected', `Send the file as multipart/form-data in the field "${CSV_FIELD}"`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${randomUUID()}.csv`);
  try {
    const file = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!file || file.fieldname !== CSV_FIELD) throw fieldError('invalid', 'file_missing', `Choose a CSV file to upload (field "${CSV_FIELD}")`);
    let size = 0;
    file.file.on('data', (c: Buffer) => (size += c.length));
    await pipeline(file.file, createWriteStream(path));
    if (file.file.truncated) throw tooLarge(maxBytes);
    return { path, fileName: (file.filename || 'import.csv').slice(0, 255), size };
  } catch (e) {
    await rm(path, { force: true });
    if (e instanceof DomainError) throw e;
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    throw fieldError('invalid', 'upload_invalid', 'The upload could not be read; try again');
  }
}
