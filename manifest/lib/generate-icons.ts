import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { drawColorIcon, drawOutlineIcon } from './icons';
import { encodePng } from './png';

/**
 * `npx tsx manifest/lib/generate-icons.ts` rewrites manifest/icons/{color,outline}.png from icons.ts. The PNGs
 * are committed; tests check that they are what this script draws, at the sizes Teams requires.
 */
const iconsDirectory = join(__dirname, '..', 'icons');
writeFileSync(join(iconsDirectory, 'color.png'), encodePng(drawColorIcon()));
writeFileSync(join(iconsDirectory, 'outline.png'), encodePng(drawOutlineIcon()));
console.log(`Icons written to ${iconsDirectory}`);
