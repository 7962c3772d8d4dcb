/**
 * Where listing photos' bytes live. One port, swappable adapters: the disk store (default, under
 * PHOTOS_DIR) here; an S3-compatible store can implement the same three calls. Which photos a unit
 * has, their order and type are kept in the database (`unit_photos`); the store only holds bytes by key.
 */
export interface PhotoStore {
  /** Stores the bytes under the key, replacing what was there. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes under the key, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Forgets the key; a key that was never stored is not an error. */
  delete(key: string): Promise<void>;
}

export const PHOTO_STORE = Symbol('PhotoStore');

/** Keys are made by the app, never from user input: `<unit uuid>/<photo uuid>`. */
export const PHOTO_KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;
