import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  ADDIN_ICON_SIZES,
  ADDIN_ICONS_DIRECTORY,
  drawColorIcon,
  drawOutlineIcon,
} from '../../manifest/lib/icons';
import { decodePng, encodePng, readPngInfo, type RgbaImage } from '../../manifest/lib/png';

const iconsDirectory = join(__dirname, '..', '..', 'manifest', 'icons');
const read = (name: string): Buffer => readFileSync(join(iconsDirectory, name));

function alphaAt(image: RgbaImage, x: number, y: number): number {
  return image.pixels[(y * image.width + x) * 4 + 3]!;
}

describe('app icons', () => {
  it('colour icon: 192×192 PNG, opaque full-bleed background', () => {
    const file = read('color.png');
    expect(readPngInfo(file)).toMatchObject({ width: 192, height: 192, bitDepth: 8 });
    const image = decodePng(file);
    for (let i = 3; i < image.pixels.length; i += 4) expect(image.pixels[i]).toBe(255);
    // More than one colour: a symbol on the background, not a blank square.
    const colours = new Set<number>();
    for (let i = 0; i < image.pixels.length; i += 4) {
      colours.add((image.pixels[i]! << 16) | (image.pixels[i + 1]! << 8) | image.pixels[i + 2]!);
    }
    expect(colours.size).toBeGreaterThan(2);
  });

  it('outline icon: 32×32 PNG with alpha, transparent background, white strokes only', () => {
    const file = read('outline.png');
    expect(readPngInfo(file)).toMatchObject({ width: 32, height: 32, hasAlphaChannel: true });
    const image = decodePng(file);
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
      [16, 0],
      [16, 31],
    ] as const) {
      expect(alphaAt(image, x, y)).toBe(0);
    }
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < image.pixels.length; i += 4) {
      const alpha = image.pixels[i + 3]!;
      if (alpha === 0) transparent += 1;
      else {
        // Teams tints the outline: any visible pixel must be pure white.
        expect([image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]]).toEqual([255, 255, 255]);
        if (alpha === 255) opaque += 1;
      }
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
    expect(opaque).toBeGreaterThan(32 * 32 * 0.1);
  });

  it('the committed PNGs are exactly what manifest/lib/icons.ts draws (regenerate with generate-icons.ts)', () => {
    expect(read('color.png').equals(encodePng(drawColorIcon()))).toBe(true);
    expect(read('outline.png').equals(encodePng(drawOutlineIcon()))).toBe(true);
  });

  it('the PNG codec round-trips and rejects corruption', () => {
    const image: RgbaImage = {
      width: 3,
      height: 2,
      pixels: Uint8Array.from({ length: 24 }, (_v, i) => (i * 37) % 256),
    };
    const file = encodePng(image);
    expect(decodePng(file)).toEqual(image);
    const corrupt = Buffer.from(file);
    corrupt[40] = corrupt[40]! ^ 0xff;
    expect(() => decodePng(corrupt)).toThrow(/CRC/);
    expect(() => readPngInfo(Buffer.from('GIF89a'))).toThrow('not a PNG');
  });

  it('the Outlook add-in’s ribbon icons are what icons.ts draws at 16, 32 and 80 px', () => {
    for (const size of ADDIN_ICON_SIZES) {
      const file = readFileSync(join(ADDIN_ICONS_DIRECTORY, `icon-${size}.png`));
      expect(readPngInfo(file)).toMatchObject({ width: size, height: size });
      expect(file.equals(encodePng(drawColorIcon(size)))).toBe(true);
    }
  });
});
