// `npm run bench`: the benchmarks, with the local CA trusted (the simulator and Cosmos server speak TLS) and the
// tab built (its size and speed are measured). Arguments select benches by name: `npm run bench -- matching`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

const caPath = execFileSync(bin('tsx'), [join(root, 'dev', 'scripts', 'ensure-ca.ts')], {
  cwd: root,
  encoding: 'utf8',
}).trim();
const env = { ...process.env, NODE_EXTRA_CA_CERTS: caPath };

if (existsSync(join(root, 'tabs', 'index.html'))) {
  const build = spawnSync(bin('vite'), ['build', '--config', 'tabs/vite.config.mts', '--logLevel', 'error'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const bench = spawnSync(bin('tsx'), [join(root, 'bench', 'run.ts'), ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(bench.status ?? 1);
