import { randomUUID } from 'node:crypto';
import type { PhotoStore } from './photo-store';

/** What every PhotoStore adapter must do; each adapter's spec runs this suite against a real instance. */
export function photoStoreContract(name: string, make: () => Promise<PhotoStore>): void {
  describe(`PhotoStore contract: ${name}`, () => {
    let store: PhotoStore;
    beforeAll(async () => {
      store = await make();
    });
    const key = () => `${randomUUID()}/${randomUUID()}`;

    it('gives back exactly the bytes it was given', async () => {
      const k = key();
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3, 255]);
      await store.put(k, bytes, 'image/jpeg');
      expect(Buffer.compare((await store.get(k))!, bytes)).toBe(0);
    });

    it('has nothing under a key never stored', async () => {
      expect(await store.get(key())).toBeNull();
    });

    it('replaces the bytes on a second put, and forgets them on delete', async () => {
      const k = key();
      await store.put(k, Buffer.from('first'), 'image/png');
      await store.put(k, Buffer.from('second'), 'image/png');
      expect((await store.get(k))!.toString()).toBe('second');
      await store.delete(k);
      expect(await store.get(k)).toBeNull();
      await expect(store.delete(k)).resolves.toBeUndefined();
    });

    it('keeps photos of different units apart', async () => {
      const a = key();
      const b = key();
      await store.put(a, Buffer.from('a'), 'image/webp');
      await store.put(b, Buffer.from('b'), 'image/webp');
      expect((await store.get(a))!.toString()).toBe('a');
      expect((await store.get(b))!.toString()).toBe('b');
    });
  });
}
