import { newId } from '../ids';
import type { ImageType } from '../images/sniff';

/** An image a user uploaded (or sent as a multipart upscale), kept as an `s3://` object. */
export interface StoredObject {
  key: string;
  ownerId: string;
  bytes: Buffer;
  type: ImageType;
  width: number;
  height: number;
}

const EXTENSIONS: Record<ImageType, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/** `s3://<sha256(user_id)>/<uuid>.<ext>` objects. */
export class Uploads {
  private readonly objects = new Map<string, StoredObject>();

  put(ownerId: string, ownerIdentifier: string, image: Omit<StoredObject, 'key' | 'ownerId'>): StoredObject {
    const key = `s3://${ownerIdentifier}/${newId()}.${EXTENSIONS[image.type]}`;
    const object = { key, ownerId, ...image };
    this.objects.set(key, object);
    return object;
  }

  get(key: string): StoredObject | undefined {
    return this.objects.get(key);
  }

  clear(): void {
    this.objects.clear();
  }
}
