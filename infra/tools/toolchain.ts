import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The infrastructure toolchain, restored on first use into `.local/tools/` (gitignored) and reused after that:
 * the Bicep CLI and Pester from NuGet (infra/tools/tools.proj), PowerShell as a .NET tool. Everything comes through
 * `dotnet` and the feed in infra/tools/nuget.config, so a fresh clone restores it the same way on every machine
 * that has the .NET SDK. Used by infra/verify.ts (`npm run verify:infra`) and by the tests that read the compiled
 * template.
 */
export const repoRoot = join(__dirname, '..', '..');
export const toolsDir = join(repoRoot, '.local', 'tools');
const toolsProject = join(__dirname, 'tools.proj');
const nugetConfig = join(__dirname, 'nuget.config');
const nugetPackages = join(toolsDir, 'nuget');

/** PowerShell 7.6.10: 7.7.0, the newest, does not install as a .NET tool on these machines. */
export const POWERSHELL_VERSION = '7.6.10';

/** The exact version tools.proj pins for a package (one source of truth for the versions). */
export function pinnedVersion(packageId: string): string {
  const project = readFileSync(toolsProject, 'utf8');
  const match = new RegExp(`Include="${packageId.replace(/\./g, '\\.')}" Version="\\[([^\\]]+)\\]"`).exec(
    project,
  );
  if (!match) throw new Error(`${packageId} is not pinned in infra/tools/tools.proj`);
  return match[1]!;
}

function dotnet(args: string[]): void {
  try {
    execFileSync('dotnet', args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DOTNET_CLI_TELEMETRY_OPTOUT: '1',
        DOTNET_NOLOGO: '1',
        // Package signatures are still verified; only the revocation lists, which a closed network cannot reach
        // (and would wait for), are not fetched. A machine that sets its own mode keeps it.
        NUGET_CERT_REVOCATION_MODE: process.env.NUGET_CERT_REVOCATION_MODE ?? 'offline',
      },
    });
  } catch (error) {
    const failure = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(
      `dotnet ${args.join(' ')} failed (is the .NET SDK installed and NuGet reachable?)\n` +
        `${failure.stdout?.toString() ?? ''}${failure.stderr?.toString() ?? failure.message}`,
      { cause: error },
    );
  }
}

function restorePackages(): void {
  const obj = join(toolsDir, 'obj') + '/';
  process.stderr.write('infra tools: restoring the Bicep CLI and Pester from NuGet into .local/tools …\n');
  dotnet([
    'restore',
    toolsProject,
    '--configfile',
    nugetConfig,
    '--packages',
    nugetPackages,
    // Restore's bookkeeping goes to the ignored folder too, not beside tools.proj.
    `-p:BaseIntermediateOutputPath=${obj}`,
    `-p:MSBuildProjectExtensionsPath=${obj}`,
  ]);
}

function packageDir(packageId: string): string {
  return join(nugetPackages, packageId.toLowerCase(), pinnedVersion(packageId));
}

/** The Bicep CLI binary, restored if missing. */
export function bicepPath(): string {
  const binary = join(packageDir('Azure.Bicep.CommandLine.linux-x64'), 'tools', 'bicep');
  if (!existsSync(binary)) restorePackages();
  if (!existsSync(binary)) throw new Error(`the restore did not produce ${binary}`);
  return binary;
}

/** Pester's module manifest, restored if missing. */
export function pesterModulePath(): string {
  const manifest = join(packageDir('Pester'), 'tools', 'Pester.psd1');
  if (!existsSync(manifest)) restorePackages();
  if (!existsSync(manifest)) throw new Error(`the restore did not produce ${manifest}`);
  return manifest;
}

/** `pwsh`, installed as a .NET tool into .local/tools/pwsh if missing. */
export function pwshPath(): string {
  const dir = join(toolsDir, `pwsh-${POWERSHELL_VERSION}`);
  const binary = join(dir, 'pwsh');
  if (!existsSync(binary)) {
    process.stderr.write(
      `infra tools: installing PowerShell ${POWERSHELL_VERSION} (.NET tool) into .local/tools …\n`,
    );
    dotnet([
      'tool',
      'install',
      'PowerShell',
      '--version',
      POWERSHELL_VERSION,
      '--tool-path',
      dir,
      '--configfile',
      nugetConfig,
    ]);
  }
  return binary;
}

/** Every file the compiled template depends on (Bicep sources, bicepconfig.json, loaded JSON). */
function templateInputs(): string[] {
  const infra = join(repoRoot, 'infra');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return /\.(bicep|bicepparam|json)$/.test(entry.name) ? [path] : [];
    });
  return walk(infra).sort();
}

/** Where the compiled main template of exactly these inputs is kept: a content hash, so it is never stale. */
export function compiledTemplatePath(): string {
  const hash = createHash('sha256').update(pinnedVersion('Azure.Bicep.CommandLine.linux-x64'));
  for (const file of templateInputs())
    hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file));
  return join(toolsDir, 'compiled', hash.digest('hex').slice(0, 16), 'main.json');
}

/** Stores a template compiled elsewhere (infra/verify.ts) where compileMainTemplate finds it. */
export function keepCompiledTemplate(json: string): string {
  const target = compiledTemplatePath();
  mkdirSync(join(target, '..'), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, json);
  renameSync(temporary, target);
  return target;
}

/**
 * The ARM JSON that `bicep build infra/main.bicep` produces — what Azure receives. Reuses the copy that the
 * verify step (or an earlier run) kept for the same inputs; otherwise compiles it, restoring the CLI if needed.
 * A compile error throws.
 */
export function compileMainTemplate(): unknown {
  const cached = compiledTemplatePath();
  if (!existsSync(cached)) {
    let json: string;
    try {
      json = execFileSync(bicepPath(), ['build', join(repoRoot, 'infra', 'main.bicep'), '--stdout'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      const failure = error as { stderr?: string; message: string };
      throw new Error(`bicep build infra/main.bicep failed:\n${failure.stderr ?? failure.message}`, {
        cause: error,
      });
    }
    keepCompiledTemplate(json);
  }
  return JSON.parse(readFileSync(cached, 'utf8')) as unknown;
}
