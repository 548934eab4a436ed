import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const tabsDir = join(__dirname, '..', '..', 'tabs');
const distIndex = join(tabsDir, 'dist', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the tab with Vite when its sources (or the shared contracts) are newer than the last build. */
export async function buildTab(options: {
  onlyIfStale: boolean;
  log: (line: string) => void;
}): Promise<void> {
  if (!existsSync(join(tabsDir, 'index.html'))) return;
  if (options.onlyIfStale && existsSync(distIndex)) {
    const sources = Math.max(
      newestMtime(join(tabsDir, 'src')),
      statSync(join(tabsDir, 'index.html')).mtimeMs,
      newestMtime(join(tabsDir, '..', 'functions', 'src', 'contracts')),
    );
    if (statSync(distIndex).mtimeMs >= sources) return;
  }
  options.log('building the tab…');
  const { build } = await import('vite');
  await build({ configFile: join(tabsDir, 'vite.config.mts'), logLevel: 'warn' });
}
