import { createHash } from 'node:crypto';

import { encode } from 'jpeg-js';

import { type DirectoryUser } from '../directory';
import { hash32 } from '../rng';

/** The HD sizes Exchange serves (profilephoto-get.md), smallest first. */
export const photoSizes = [48, 64, 96, 120, 240, 360, 432, 504, 648] as const;

/**
 * Every demo photo is "uploaded" at 240x240 (the docs' example size): Graph then serves that size and every smaller
 * one, and answers 404 for the larger ones — the behaviour a client must cope with when it asks for a size.
 */
export const uploadedPhotoSize = 240;

/** Share of the demo company that has a photo; the rest get 404 ImageNotFound, as people without one do. */
export const defaultPhotoShare = 0.7;

export interface ProfilePhotoBytes {
  size: number;
  bytes: Buffer;
  /** `"XXXXXXXX"`: the quoted media etag Graph reports as `@odata.mediaEtag`. */
  etag: string;
}

interface Rgb {
  r: number;
  g: number;
  b: number;
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return { r: Math.round(f(0) * 255), g: Math.round(f(8) * 255), b: Math.round(f(4) * 255) };
}

/**
 * A small deterministic avatar: a coloured background and a light head-and-shoulders silhouette, hue and pose from
 * the user id. Real JPEG bytes (baseline, SOI…EOI) so clients exercise real decoding, not a placeholder string.
 */
export function renderAvatarJpeg(userId: string, size: number): Buffer {
  const h = hash32(`avatar:${userId}`);
  const background = hslToRgb(h % 360, 0.45, 0.42);
  const figure = hslToRgb((h >>> 9) % 360, 0.3, 0.86);
  const headX = 0.5 + (((h >>> 18) % 9) - 4) / 100;
  const headR = 0.17 + ((h >>> 22) % 5) / 100;
  const data = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const inHead = (u - headX) ** 2 + (v - 0.4) ** 2 <= headR ** 2;
      // Shoulders: the top half of a wide ellipse sitting on the bottom edge.
      const inShoulders = ((u - 0.5) / 0.36) ** 2 + ((v - 1.02) / 0.33) ** 2 <= 1;
      const c = inHead || inShoulders ? figure : background;
      const i = (y * size + x) * 4;
      data[i] = c.r;
      data[i + 1] = c.g;
      data[i + 2] = c.b;
      data[i + 3] = 255;
    }
  }
  return encode({ data, width: size, height: size }, 85).data;
}

/**
 * Who has a profile photo, and the bytes, generated on first request and kept per user and size so a 10,000-person
 * tenant seeds instantly and repeated reads cost nothing.
 */
export class PhotoStore {
  private readonly cache = new Map<string, ProfilePhotoBytes>();
  private readonly overrides = new Map<string, boolean>();

  constructor(
    private readonly seed: string,
    private readonly share = defaultPhotoShare,
  ) {}

  /** Deterministic for a seed: the same people have photos on every run. */
  has(user: Pick<DirectoryUser, 'id'>): boolean {
    return this.overrides.get(user.id) ?? hash32(`photo:${this.seed}:${user.id}`) / 2 ** 32 < this.share;
  }

  /** Gives or takes away a user's photo (control API, tests); a changed photo gets a new etag. */
  setHasPhoto(userId: string, hasPhoto: boolean): void {
    this.overrides.set(userId, hasPhoto);
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${userId}|`)) this.cache.delete(key);
  }

  reset(): void {
    this.overrides.clear();
    this.cache.clear();
  }

  /** The photo at `size` (default: the largest available), or undefined when there is none at that size. */
  get(user: Pick<DirectoryUser, 'id'>, size: number = uploadedPhotoSize): ProfilePhotoBytes | undefined {
    if (!this.has(user) || size > uploadedPhotoSize) return undefined;
    const key = `${user.id}|${size}`;
    let photo = this.cache.get(key);
    if (!photo) {
      const bytes = renderAvatarJpeg(user.id, size);
      const etag = `"${createHash('sha256').update(bytes).digest('hex').slice(0, 8).toUpperCase()}"`;
      photo = { size, bytes, etag };
      this.cache.set(key, photo);
    }
    return photo;
  }
}

/** `48x48`, `48X48` → 48 when it is one of the documented sizes; undefined otherwise. */
export function parsePhotoSize(text: string): number | undefined {
  const m = /^(\d+)x(\d+)$/i.exec(text);
  if (!m || m[1] !== m[2]) return undefined;
  const n = Number(m[1]);
  return (photoSizes as readonly number[]).includes(n) ? n : undefined;
}
