import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskPhotoStore } from './disk-photo-store';
import type { PhotoStore } from './photo-store';
import { photoStoreContract } from './photo-store.contract';

let dir: string;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

photoStoreContract('disk', async () => {
  dir = await mkdtemp(join(tmpdir(), 'oh-photos-'));
  return new DiskPhotoStore(dir);
});

describe('DiskPhotoStore', () => {
  it('refuses a key that could reach outside its folder, and leaves no partial file behind', async () => {
    const root = await mkdtemp(join(tmpdir(), 'oh-photos-'));
    const store: PhotoStore = new DiskPhotoStore(root);
    await expect(store.put('../../etc/passwd', Buffer.from('x'), 'image/png')).rejects.toThrow('Not a photo key');
    expect(await readdir(root)).toEqual([]);
    await rm(root, { recursive: true, force: true });
  });
});
