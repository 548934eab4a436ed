import { join } from 'node:path';

import { type RgbaImage } from './png';

/**
 * Pairwise's icons, drawn in code so they can be regenerated at any size and checked in tests:
 * two interlocking rings — two peers, one pairing.
 * - colour (192×192): white and mint rings on the accent colour, full bleed (Teams rounds the corners itself);
 *   the symbol keeps inside the central 96×96 safe area Teams recommends, with padding to the edge.
 * - outline (32×32): the same rings in pure white on a transparent background, as Teams requires for the
 *   activity bar (it tints the white).
 */
export const ACCENT_COLOR = '#2F6F62';

/** The Outlook ribbon's icon sizes Office requires (16, 32 and 80 px), served by the tab under /addin/. */
export const ADDIN_ICON_SIZES = [16, 32, 80] as const;
export const ADDIN_ICONS_DIRECTORY = join(__dirname, '..', '..', 'tabs', 'public', 'addin');

type Rgb = readonly [number, number, number];
interface Layer {
  color: Rgb;
  contains: (x: number, y: number) => boolean;
}

const WHITE: Rgb = [255, 255, 255];
const MINT: Rgb = [167, 243, 208];

function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** A ring in unit coordinates (0..1 across the icon). */
function ring(cx: number, cy: number, radius: number, thickness: number): (x: number, y: number) => boolean {
  return (x, y) => {
    const distance = Math.hypot(x - cx, y - cy);
    return distance <= radius + thickness / 2 && distance >= radius - thickness / 2;
  };
}

/** Paints layers with 4×4 supersampling for smooth edges; uncovered samples stay transparent. */
function rasterize(size: number, layers: Layer[], background?: Rgb): RgbaImage {
  const samples = 4;
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          let color: Rgb | undefined = background;
          for (const layer of layers) if (layer.contains(x, y)) color = layer.color;
          if (color) {
            r += color[0];
            g += color[1];
            b += color[2];
            covered += 1;
          }
        }
      }
      const offset = (py * size + px) * 4;
      if (covered > 0) {
        pixels[offset] = Math.round(r / covered);
        pixels[offset + 1] = Math.round(g / covered);
        pixels[offset + 2] = Math.round(b / covered);
        pixels[offset + 3] = Math.round((255 * covered) / (samples * samples));
      }
    }
  }
  return { width: size, height: size, pixels };
}

// Two rings side by side inside the central half of the icon (Teams' safe area for the colour icon).
const LEFT = { cx: 0.41, cy: 0.5, r: 0.155 };
const RIGHT = { cx: 0.59, cy: 0.5, r: 0.155 };
// Interlock: the right ring passes over the left one in the upper crossing, under it in the lower one.
const upperHalf = (_x: number, y: number): boolean => y < 0.5;

export function drawColorIcon(size = 192): RgbaImage {
  const thickness = 0.05;
  const left = ring(LEFT.cx, LEFT.cy, LEFT.r, thickness);
  const right = ring(RIGHT.cx, RIGHT.cy, RIGHT.r, thickness);
  return rasterize(
    size,
    [
      { color: MINT, contains: right },
      { color: WHITE, contains: left },
      { color: MINT, contains: (x, y) => right(x, y) && upperHalf(x, y) },
    ],
    hexToRgb(ACCENT_COLOR),
  );
}

export function drawOutlineIcon(size = 32): RgbaImage {
  // Scaled up to fill the small icon: the outline has no background to frame it.
  const thickness = 0.085;
  const left = ring(0.34, 0.5, 0.25, thickness);
  const right = ring(0.66, 0.5, 0.25, thickness);
  return rasterize(size, [
    { color: WHITE, contains: left },
    { color: WHITE, contains: right },
  ]);
}
