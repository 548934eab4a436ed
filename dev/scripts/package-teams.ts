import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';

import { ZipFile } from 'yazl';

import { buildAppPackageFiles, readStageEnv, validateAppPackage } from '../../manifest/lib/app-package';

/**
 * `npm run package:teams -- --env local|dev|…`: fills the manifest template and localisation files from
 * env/.env.<env>, validates them offline against the official schemas, and writes dist/appPackage.<env>.zip
 * (manifest.json, icons and language files at the zip's root, as Teams expects).
 */
export async function packageTeamsApp(options: {
  stage: string;
  outDir: string;
  envDirectory?: string;
}): Promise<{ zipPath: string; files: string[] }> {
  const variables = readStageEnv(options.stage, options.envDirectory);
  const pkg = buildAppPackageFiles(variables);
  const problems = validateAppPackage(pkg);
  if (problems.length > 0) throw new Error(`The app package is not valid:\n  ${problems.join('\n  ')}`);

  mkdirSync(options.outDir, { recursive: true });
  const zipPath = join(options.outDir, `appPackage.${options.stage}.zip`);
  const zip = new ZipFile();
  // A fixed timestamp keeps the zip byte-identical for identical inputs.
  const mtime = new Date('2020-01-01T00:00:00Z');
  for (const [name, content] of pkg.files) zip.addBuffer(content, name, { mtime });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipPath));
  return { zipPath, files: [...pkg.files.keys()] };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { env: { type: 'string', default: 'local' }, out: { type: 'string' } },
  });
  const root = resolve(__dirname, '..', '..');
  const { zipPath, files } = await packageTeamsApp({
    stage: values.env,
    outDir: values.out ? resolve(values.out) : join(root, 'dist'),
  });
  console.log(`Teams app package: ${zipPath} (${files.join(', ')})`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
