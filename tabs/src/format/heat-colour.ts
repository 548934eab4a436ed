/**
 * Heat-map cell colours from the active Fluent theme: a mix of the card's background and the brand colour by how
 * large the count is, and whichever of the theme's two text colours (foreground and inverted foreground, near
 * black and near white in every theme) reads best on it. The mix stops short of the brand colour where neither
 * text colour would read at 4.5:1 any more (in the light theme, mid-dark brand tints are too dark for dark text and
 * too light for white). Pure: the caller passes the theme's values.
 */
export interface HeatPalette {
  /** The card's background (a count of 0 is shown on it). */
  low: string;
  /** The brand background (the largest count). */
  high: string;
  text: string;
  textInverted: string;
}

export interface CellColours {
  background: string;
  color: string;
}

/** The weakest tint a count above zero gets, so "1" never looks like "0". */
const MIN_TINT = 0.15;

type Rgb = [number, number, number];

export function parseHex(colour: string): Rgb | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim())?.[1];
  if (!hex) return null;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

function luminance([r, g, b]: Rgb): number {
  const linear = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio of two colours (1 … 21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const READABLE = 4.5;

const mixed = (low: Rgb, high: Rgb, share: number): Rgb =>
  [0, 1, 2].map((i) => Math.round(low[i]! + (high[i]! - low[i]!) * share)) as Rgb;

const bestContrast = (background: Rgb, text: Rgb, inverted: Rgb) =>
  Math.max(contrastRatio(background, text), contrastRatio(background, inverted));

/** The strongest tint up to which every lighter tint still has a readable text colour. */
function readableLimit(low: Rgb, high: Rgb, text: Rgb, inverted: Rgb): number {
  let limit = 0;
  for (let step = 1; step <= 100; step++) {
    if (bestContrast(mixed(low, high, step / 100), text, inverted) < READABLE) break;
    limit = step / 100;
  }
  return limit;
}

export function heatCellColours(value: number, max: number, palette: HeatPalette): CellColours {
  const low = parseHex(palette.low);
  const high = parseHex(palette.high);
  const text = parseHex(palette.text);
  const inverted = parseHex(palette.textInverted);
  // A theme value we cannot mix (a system colour in a forced-colours mode): plain cells, the number still reads.
  if (!low || !high || !text || !inverted) return { background: palette.low, color: palette.text };
  const limit = readableLimit(low, high, text, inverted);
  const minTint = Math.min(MIN_TINT, limit);
  const share = max > 0 && value > 0 ? minTint + (limit - minTint) * Math.min(1, value / max) : 0;
  const background = mixed(low, high, share);
  const color =
    contrastRatio(background, text) >= contrastRatio(background, inverted)
      ? palette.text
      : palette.textInverted;
  return { background: toHex(background), color };
}
