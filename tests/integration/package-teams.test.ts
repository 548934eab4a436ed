import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import yauzl, { type Entry, type ZipFile } from 'yauzl';

import { packageTeamsApp } from '../../dev/scripts/package-teams';
import { type ManifestJson, validateAppPackage } from '../../manifest/lib/app-package';
import { decodePng } from '../../manifest/lib/png';

const openZip = promisify<string, yauzl.Options, ZipFile>(yauzl.open);

async function readZip(zipPath: string): Promise<Map<string, Buffer>> {
  const zip = await openZip(zipPath, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolvePromise, reject) => {
    zip.on('error', reject);
    zip.on('end', resolvePromise);
    zip.on('entry', (entry: Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return files;
}

describe('npm run package:teams', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'pairwise-teams-'));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes appPackage.local.zip whose files, read back from the zip, validate and have the right icons', async () => {
    const { zipPath } = await packageTeamsApp({ stage: 'local', outDir });
    expect(zipPath).toBe(join(outDir, 'appPackage.local.zip'));
    const files = await readZip(zipPath);
    // Teams wants everything at the zip's root.
    expect([...files.keys()].sort()).toEqual(
      ['color.png', 'de-de.json', 'en-us.json', 'fr-fr.json', 'manifest.json', 'outline.png'].sort(),
    );
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as ManifestJson;
    expect(validateAppPackage({ manifest, files })).toEqual([]);
    expect(decodePng(files.get(manifest.icons.color)!)).toMatchObject({ width: 192, height: 192 });
    expect(decodePng(files.get(manifest.icons.outline)!)).toMatchObject({ width: 32, height: 32 });
  });

  it('is reproducible: the same inputs give the same bytes', async () => {
    const first = readFileSync(
      (await packageTeamsApp({ stage: 'local', outDir: join(outDir, 'a') })).zipPath,
    );
    const second = readFileSync(
      (await packageTeamsApp({ stage: 'local', outDir: join(outDir, 'b') })).zipPath,
    );
    expect(first.equals(second)).toBe(true);
  });

  it('refuses a stage without an env file, naming it', async () => {
    await expect(packageTeamsApp({ stage: 'nope', outDir })).rejects.toThrow('.env.nope');
  });
});
