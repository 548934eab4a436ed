import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

import yauzl, { type Entry, type ZipFile } from 'yauzl';

import { packageFunctions, PROVIDED_BY_WORKER } from '../../dev/scripts/package-functions';
import { allFunctions } from '../../functions/src/all-functions';

/**
 * The deployable zip, unpacked into an empty folder outside the repository (no workspaces, no root node_modules),
 * loaded by plain `node` with a stand-in for `@azure/functions-core` — the module the Functions Node worker
 * provides in Azure — that records every registration. Every function in all-functions.ts must be registered
 * with the same trigger settings.
 */
const openZip = promisify<string, yauzl.Options, ZipFile>(yauzl.open);

async function unzip(zipPath: string, target: string): Promise<string[]> {
  const zip = await openZip(zipPath, { lazyEntries: true });
  const names: string[] = [];
  await new Promise<void>((resolvePromise, reject) => {
    zip.on('error', reject);
    zip.on('end', resolvePromise);
    zip.on('entry', (entry: Entry) => {
      names.push(entry.fileName);
      const destination = join(target, entry.fileName);
      mkdirSync(dirname(destination), { recursive: true });
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        pipeline(stream, createWriteStream(destination)).then(() => zip.readEntry(), reject);
      });
    });
    zip.readEntry();
  });
  return names;
}

// What the worker's core API sees: one call per function, with the binding metadata @azure/functions built.
const coreStub = `
const registrations = [];
module.exports = {
  registrations,
  setProgrammingModel() {},
  registerHook() { return { dispose() {} }; },
  log() {},
  registerFunction(metadata, handler) {
    registrations.push({ name: metadata.name, bindings: metadata.bindings, handlerType: typeof handler });
    return { dispose() {} };
  },
};`;

const runner = `
const core = require('@azure/functions-core');
require('./main.js');
process.stdout.write(JSON.stringify(core.registrations));`;

interface Registration {
  name: string;
  handlerType: string;
  bindings: Record<
    string,
    {
      type: string;
      direction: string;
      route?: string;
      methods?: string[];
      schedule?: string;
      queueName?: string;
      connection?: string;
    }
  >;
}

describe('npm run package:functions', () => {
  let workDirectory: string;
  let folder: string;

  beforeAll(() => {
    workDirectory = mkdtempSync(join(tmpdir(), 'pairwise-package-'));
    folder = join(workDirectory, 'site', 'wwwroot');
    mkdirSync(folder, { recursive: true });
  });
  afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

  it('builds a self-contained zip that registers every function in an empty folder', async () => {
    const pkg = await packageFunctions({ outDir: join(workDirectory, 'dist') });
    const names = await unzip(pkg.zipPath, folder);
    expect(names).toEqual(expect.arrayContaining(['host.json', 'main.js', 'package.json']));
    expect(names.some((name) => name.startsWith('node_modules/'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.main).toBe('main.js');
    expect(manifest.dependencies).toBeUndefined();
    expect(JSON.parse(readFileSync(join(folder, 'host.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(join(__dirname, '..', '..', 'functions', 'host.json'), 'utf8')),
    );

    // The worker's module, and nothing else, comes from outside the package.
    for (const provided of PROVIDED_BY_WORKER) {
      mkdirSync(join(folder, 'node_modules', provided), { recursive: true });
      writeFileSync(join(folder, 'node_modules', provided, 'index.js'), coreStub);
    }
    writeFileSync(join(folder, 'load.js'), runner);
    const result = spawnSync(process.execPath, ['load.js'], {
      cwd: folder,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        // The settings infra/ gives the app in Azure (identity-based; nothing is contacted at load).
        COSMOS_ENDPOINT: 'https://pairwise-test.documents.azure.com:443/',
        AzureWebJobsStorage__queueServiceUri: 'https://pairwisetest.queue.core.windows.net',
        API_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
        API_APP_ID_URI: 'api://pairwise-test.z01.azurefd.net/11111111-2222-4333-8444-555555555555',
        ALLOWED_TENANT_IDS: '0b6f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
        GRAPH_FEDERATED_IDENTITY_CLIENT_ID: '66666666-7777-4888-8999-000000000000',
        TAB_BASE_URL: 'https://pairwise-test.z01.azurefd.net',
        WEBSITE_SITE_NAME: 'pairwise-test',
      },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const registrations = JSON.parse(result.stdout) as Registration[];

    const expected = allFunctions(() => {
      throw new Error('services are composed lazily, on the first invocation');
    });
    expect(registrations.map((r) => r.name).sort()).toEqual(expected.map((fn) => fn.name).sort());
    for (const fn of expected) {
      const registration = registrations.find((r) => r.name === fn.name)!;
      expect(registration.handlerType).toBe('function');
      const trigger = Object.values(registration.bindings).find((binding) => binding.direction === 'in')!;
      switch (fn.kind) {
        case 'http':
          expect(trigger).toMatchObject({ type: 'httpTrigger', route: fn.route, methods: fn.methods });
          break;
        case 'timer':
          expect(trigger).toMatchObject({ type: 'timerTrigger', schedule: fn.schedule });
          break;
        case 'queue':
          expect(trigger).toMatchObject({
            type: 'queueTrigger',
            queueName: fn.queueName,
            connection: fn.connection,
          });
          break;
      }
    }
  });
});
