// `npm run match`: the matching CLI (functions/src/cli/match.ts) as compiled JavaScript. Compiling TypeScript
// at run time (tsx) cost ~0.9 s before every command; functions/dist is what `npm run build:functions` makes,
// so it is used whenever it is newer than every source and config file, and rebuilt first otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const functions = join(root, 'functions');
const compiled = join(functions, 'dist', 'cli', 'match.js');

/** The newest modification time of the TypeScript sources and the configs that shape the build. */
function newestInput() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(functions, 'src'));
  for (const config of [join(root, 'tsconfig.json'), join(functions, 'tsconfig.json')]) {
    newest = Math.max(newest, statSync(config).mtimeMs);
  }
  return newest;
}

if (!existsSync(compiled) || statSync(compiled).mtimeMs < newestInput()) {
  // The build's own messages go to stderr: stdout carries only the command's answer.
  const build = spawnSync(
    join(root, 'node_modules', '.bin', 'tsc'),
    ['-p', join(functions, 'tsconfig.json')],
    {
      cwd: root,
      stdio: ['ignore', 2, 'inherit'],
    },
  );
  if (build.status !== 0) {
    process.stderr.write('error: the functions did not build (npm run build:functions)\n');
    process.exit(1);
  }
}

const { runFromProcess } = createRequire(import.meta.url)(compiled);
runFromProcess(process.argv.slice(2));
