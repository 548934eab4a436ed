// `npm test`: unit, tab component, integration (real Cosmos server, Azurite, tenant simulator) and browser tests
// (Chromium), in one jest run. The local CA is created first and trusted through NODE_EXTRA_CA_CERTS, which
// Node reads only at process start — hence this small launcher. Extra arguments go to jest.
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
  const build = spawnSync(bin('vite'), ['build', '--config', 'tabs/vite.config.mts', '--logLevel', 'warn'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const jest = spawnSync(bin('jest'), ['--ci', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
process.exit(jest.status ?? 1);
