import { type Theme } from '@fluentui/react-components';

import { themeFor } from '../components/AppProviders';
import { contrastRatio, heatCellColours, type HeatPalette, parseHex } from './heat-colour';

const paletteOf = (theme: Theme): HeatPalette => ({
  low: theme.colorNeutralBackground1,
  high: theme.colorBrandBackground,
  text: theme.colorNeutralForeground1,
  textInverted: theme.colorNeutralForegroundInverted,
});

describe('heatCellColours', () => {
  it.each([
    ['light', themeFor('light')],
    ['dark', themeFor('dark')],
    ['high contrast', themeFor('contrast')],
  ])('every count from 0 to the largest reads at 4.5:1 or better in the %s theme', (_name, theme) => {
    const palette = paletteOf(theme);
    for (let value = 0; value <= 40; value++) {
      const { background, color } = heatCellColours(value, 40, palette);
      const ratio = contrastRatio(parseHex(background)!, parseHex(color)!);
      expect([value, ratio >= 4.5]).toEqual([value, true]);
    }
  });

  it.each([
    ['light', 0, '#ffffff'],
    // Darker tints would leave neither dark nor white text readable: the largest count stops at this one.
    ['light', 10, '#8184d4'],
    ['dark', 0, themeFor('dark').colorNeutralBackground1.toLowerCase()],
    ['dark', 10, themeFor('dark').colorBrandBackground.toLowerCase()],
  ] as const)('%s theme, %i of 10: background %s', (theme, value, background) => {
    expect(heatCellColours(value, 10, paletteOf(themeFor(theme))).background).toBe(background);
  });

  it('tints every count above zero, and more for more', () => {
    const palette = paletteOf(themeFor('light'));
    const lightness = (v: number) =>
      parseHex(heatCellColours(v, 12, palette).background)!.reduce((a, b) => a + b);
    expect(lightness(1)).toBeLessThan(lightness(0) - 30);
    for (let v = 1; v < 12; v++) expect(lightness(v + 1)).toBeLessThan(lightness(v));
  });

  it('falls back to the plain theme colours when one cannot be mixed', () => {
    expect(heatCellColours(3, 5, { ...paletteOf(themeFor('light')), high: 'Highlight' })).toEqual({
      background: '#ffffff',
      color: themeFor('light').colorNeutralForeground1,
    });
  });

  it.each([
    ['#fff', [255, 255, 255]],
    ['#5B5FC7', [91, 95, 199]],
    ['rgb(1,2,3)', null],
    ['Canvas', null],
  ])('parseHex(%s)', (input, expected) => {
    expect(parseHex(input)).toEqual(expected);
  });
});
