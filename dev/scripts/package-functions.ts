import {
  createWriteStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';

import { build } from 'esbuild';
import { ZipFile } from 'yazl';

/**
 * `npm run package:functions`: the deployable Functions app, independent of npm workspaces and of the root
 * node_modules (Azure deploys one folder and ignores both). functions/src/index.ts and every dependency are bundled
 * by esbuild into one CommonJS file, dist/functions/main.js, beside host.json and a package.json whose "main"
 * names it; dist/pairwise-functions.zip holds the same files at its root (what Flex Consumption's one-deploy and
 * `azd deploy` upload). The one module left out is `@azure/functions-core`: the Functions Node worker provides it
 * at run time, and `@azure/functions` finds the host through it.
 *
 * Decision (docs/decisions/0005-deployment-and-identity.md): `@azure/functions` is bundled too, so the package
 * has no dependencies to install and cannot drift from the version the tests ran against.
 */
export const PROVIDED_BY_WORKER = ['@azure/functions-core'] as const;

const root = resolve(__dirname, '..', '..');

export interface FunctionsPackage {
  directory: string;
  zipPath: string;
  files: string[];
  bundleBytes: number;
  zipBytes: number;
}

export async function packageFunctions(options: { outDir?: string } = {}): Promise<FunctionsPackage> {
  const outDir = options.outDir ?? join(root, 'dist');
  const directory = join(outDir, 'functions');
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });

  const result = await build({
    entryPoints: [join(root, 'functions', 'src', 'index.ts')],
    outfile: join(directory, 'main.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: [...PROVIDED_BY_WORKER],
    // Some Azure SDK packages resolve to their ESM build and read `import.meta.url` (e.g. storage-common's CRC64
    // helper calls createRequire with it at load). In a CommonJS bundle it must be this file's URL.
    define: { 'import.meta.url': '__pairwiseImportMetaUrl' },
    banner: { js: "const __pairwiseImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: 'linked',
    sourcesContent: false,
    // Names stay readable in stack traces and Application Insights exceptions.
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'linked',
    logLevel: 'silent',
    metafile: true,
  });
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.text).join('\n'));
  if (result.warnings.length > 0) {
    throw new Error(
      `esbuild warned:\n${result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`).join('\n')}`,
    );
  }

  const functionsPackage = JSON.parse(readFileSync(join(root, 'functions', 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    description?: string;
  };
  writeFileSync(
    join(directory, 'package.json'),
    `${JSON.stringify(
      {
        name: functionsPackage.name,
        version: functionsPackage.version,
        description: functionsPackage.description,
        private: true,
        main: 'main.js',
        engines: { node: '>=20' },
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(directory, 'host.json'), readFileSync(join(root, 'functions', 'host.json')));

  const files = listFiles(directory);
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, 'pairwise-functions.zip');
  const zip = new ZipFile();
  const mtime = new Date('2020-01-01T00:00:00Z');
  for (const file of files) zip.addFile(join(directory, file), file, { mtime });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipPath));

  return {
    directory,
    zipPath,
    files,
    bundleBytes: statSync(join(directory, 'main.js')).size,
    zipBytes: statSync(zipPath).size,
  };
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const started = Date.now();
  const pkg = await packageFunctions(values.out ? { outDir: resolve(values.out) } : {});
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
  console.log(
    `Functions package: ${pkg.zipPath} (${kib(pkg.zipBytes)}; main.js ${kib(pkg.bundleBytes)}; ` +
      `${pkg.files.length} files; ${Date.now() - started} ms)`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
