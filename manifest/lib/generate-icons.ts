import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ADDIN_ICON_SIZES, ADDIN_ICONS_DIRECTORY, drawColorIcon, drawOutlineIcon } from './icons';
import { encodePng } from './png';

/**
 * `npx tsx manifest/lib/generate-icons.ts` rewrites manifest/icons/{color,outline}.png and the Outlook add-in's
 * ribbon icons (tabs/public/addin/icon-{16,32,80}.png, served with the tab: the manifest's `extensions` names
 * them by URL) from icons.ts. The PNGs are committed; tests check that they are what this script draws.
 */
const iconsDirectory = join(__dirname, '..', 'icons');
writeFileSync(join(iconsDirectory, 'color.png'), encodePng(drawColorIcon()));
writeFileSync(join(iconsDirectory, 'outline.png'), encodePng(drawOutlineIcon()));
for (const size of ADDIN_ICON_SIZES) {
  writeFileSync(join(ADDIN_ICONS_DIRECTORY, `icon-${size}.png`), encodePng(drawColorIcon(size)));
}
console.log(`Icons written to ${iconsDirectory} and ${ADDIN_ICONS_DIRECTORY}`);
