import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PHOTO_KEY, PhotoStore } from './photo-store';

/** Photos as files under one folder (PHOTOS_DIR): enough for a single brokerage on one server or a shared volume. */
export class DiskPhotoStore implements PhotoStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    // Keys are generated ids; checking the shape keeps any path outside the folder unreachable.
    if (!PHOTO_KEY.test(key)) throw new Error(`Not a photo key: ${key}`);
    return join(this.root, key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename: a reader never sees half a photo, a crash leaves no torn file.
    const tmp = `${path}.${randomUUID()}.part`;
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
