import { decode } from 'jpeg-js';

import { parsePhotoSize, PhotoStore, renderAvatarJpeg } from './photos';

const ids = Array.from({ length: 400 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
}));

describe('PhotoStore', () => {
  it('gives the same people a photo for the same seed, and a different set for another seed', () => {
    const a = ids.map((u) => new PhotoStore('s1').has(u));
    expect(ids.map((u) => new PhotoStore('s1').has(u))).toEqual(a);
    expect(ids.map((u) => new PhotoStore('s2').has(u))).not.toEqual(a);
    const share = a.filter(Boolean).length / a.length;
    expect(share).toBeGreaterThan(0.62);
    expect(share).toBeLessThan(0.78);
  });

  it('caches bytes per user and size; a taken-away photo is gone, a given one has bytes', () => {
    const store = new PhotoStore('s1');
    const someone = ids.find((u) => store.has(u))!;
    const first = store.get(someone);
    expect(store.get(someone)).toBe(first);
    expect(store.get(someone, 648)).toBeUndefined();
    store.setHasPhoto(someone.id, false);
    expect(store.get(someone)).toBeUndefined();
    store.reset();
    expect(store.get(someone)?.bytes.equals(first!.bytes)).toBe(true);
  });
});

describe('renderAvatarJpeg', () => {
  it('encodes a decodable JPEG of the requested size whose colours depend on the person', () => {
    const one = decode(renderAvatarJpeg('a', 64));
    const two = decode(renderAvatarJpeg('b', 64));
    expect([one.width, one.height]).toEqual([64, 64]);
    // The top-left pixel is background: different people get different backgrounds.
    expect(Array.from(one.data.subarray(0, 3))).not.toEqual(Array.from(two.data.subarray(0, 3)));
  });
});

describe('parsePhotoSize', () => {
  it.each([
    ['48x48', 48],
    ['240X240', 240],
    ['648x648', 648],
    ['50x50', undefined],
    ['48x64', undefined],
    ['large', undefined],
  ])('%s → %s', (text, size) => {
    expect(parsePhotoSize(text)).toBe(size);
  });
});
