import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

import { freePort } from '../../../dev/parts/free-port';

/**
 * `npm start` as a new user runs it: the ready line, /api/health/ready with every dependency up, the tab at `/`,
 * and Ctrl-C leaving no process behind. Also: a bad setting stops start-up with one line naming it.
 */
const root = join(__dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  for (const line of out.trim().split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (p === undefined || pp === undefined) continue;
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const all: number[] = [];
  const walk = (id: number) => {
    for (const child of children.get(id) ?? []) {
      all.push(child);
      walk(child);
    }
  };
  walk(pid);
  return all;
}

function commandOf(pid: number): string {
  try {
    return `${pid} ${execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim()}`;
  } catch {
    return `${pid} (gone)`;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before the line:\n${output}`));
    });
  });
}

describe('npm start', () => {
  it('reaches the ready line, serves health and the tab, and stops every process on SIGINT', async () => {
    const port = await freePort();
    const { NODE_EXTRA_CA_CERTS: _ignored, ...env } = process.env;
    const started = Date.now();
    const child = spawn(tsx, [join(root, 'dev', 'start.ts')], {
      cwd: root,
      // The live demo has its own test (demo-seed.test.ts); this one checks start-up and shutdown.
      env: { ...env, PORT: String(port), PAIRWISE_DEMO: '0' },
      stdio: 'pipe',
    });
    try {
      const line = await waitForLine(child, /Pairwise is running at http:\/\/localhost:(\d+)/, 60_000);
      expect(line).toBe(`Pairwise is running at http://localhost:${port}`);
      expect(Date.now() - started).toBeLessThan(60_000);

      expect((await fetch(`http://localhost:${port}/api/health`)).status).toBe(200);
      const health = await fetch(`http://localhost:${port}/api/health/ready`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as { dependencies: Record<string, { status: string }> };
      expect(Object.fromEntries(Object.entries(body.dependencies).map(([k, v]) => [k, v.status]))).toEqual({
        cosmos: 'up',
        storage: 'up',
        graph: 'up',
        identity: 'up',
      });

      const page = await fetch(`http://localhost:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');

      const tree = descendants(child.pid!);
      expect(tree.length).toBeGreaterThanOrEqual(2); // the re-executed process with the CA, and Azurite
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      // Children end on their own once their parent is gone; give a loaded machine a few seconds.
      const deadline = Date.now() + 5000;
      while (tree.some(alive) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(tree.filter(alive).map(commandOf)).toEqual([]);
    } finally {
      if (alive(child.pid!)) child.kill('SIGKILL');
    }
  }, 90_000);

  it('stops at once with one clear line naming a bad setting', async () => {
    const { NODE_EXTRA_CA_CERTS: _ignored, ...env } = process.env;
    const child = spawn(tsx, [join(root, 'dev', 'start.ts')], {
      cwd: root,
      env: { ...env, PORT: String(await freePort()), COSMOS_ENDPOINT: 'not-a-url' },
      stdio: 'pipe',
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/COSMOS_ENDPOINT: /);
    expect(
      stderr
        .trim()
        .split('\n')
        .filter((l) => l.includes('Invalid configuration')),
    ).toHaveLength(1);
  }, 60_000);
});
