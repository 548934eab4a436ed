import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { type ArmTemplate, type Json, simulateDeployment } from './tools/arm-template';
import { fakeAzure, sampleContext } from './tools/fake-azure';
import {
  bicepPath,
  keepCompiledTemplate,
  pesterModulePath,
  pinnedVersion,
  pwshPath,
  repoRoot,
  toolsDir,
} from './tools/toolchain';

/**
 * `npm run verify:infra` (also in `npm run validate` and .ci/run): the infrastructure checked with the real tools.
 *   - Bicep: `bicep build` and `bicep lint` of main.bicep and every module, `bicep build-params` of
 *     main.bicepparam, with the linter of infra/bicepconfig.json: any error or warning fails;
 *   - the compiled parameters deployed, in simulation, against the compiled template (infra/tools/arm-template.ts);
 *   - Pester: the tests of infra/entra/*.ps1 under PowerShell, against mocked Exchange Online cmdlets;
 *   - shellcheck: the azd hooks.
 * Tools are restored into .local/tools on first use (infra/tools/toolchain.ts) and reused after that. The steps run
 * side by side; each prints its output when it ends.
 */

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Bicep's diagnostics (`file(line,col) : Warning rule: message`), each once, paths relative to the repo. */
function diagnosticsOf(output: string): string[] {
  const lines = output
    .split('\n')
    .filter((line) => /\) : (Error|Warning|Info) /.test(line))
    .map((line) => line.replace(`${repoRoot}/`, '').trim());
  return [...new Set(lines)];
}

interface StepResult {
  name: string;
  ok: boolean;
  report: string;
}

async function bicepStep(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<StepResult> {
  const outcome = await run(bicepPath(), args, env);
  const diagnostics = diagnosticsOf(outcome.stderr + outcome.stdout);
  const ok = outcome.code === 0 && diagnostics.length === 0;
  const report = diagnostics.length
    ? diagnostics.join('\n')
    : ok
      ? 'no errors, no warnings'
      : outcome.stderr || outcome.stdout;
  return { name, ok, report };
}

const sampleEnvironment = {
  AZURE_ENV_NAME: 'verify',
  AZURE_LOCATION: sampleContext.location,
  API_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
};

async function bicepChecks(outDir: string): Promise<StepResult[]> {
  const bicepFiles = [
    'infra/main.bicep',
    ...readdirSync(join(repoRoot, 'infra', 'app')).map((f) => `infra/app/${f}`),
  ];
  const [build, lint, params] = await Promise.all([
    bicepStep(`bicep build (${bicepFiles.length} files)`, [
      'build',
      '--pattern',
      'infra/**/*.bicep',
      '--outdir',
      outDir,
    ]),
    bicepStep('bicep lint', ['lint', '--pattern', 'infra/**/*.bicep']),
    bicepStep(
      'bicep build-params infra/main.bicepparam',
      ['build-params', 'infra/main.bicepparam', '--outfile', join(outDir, 'main.parameters.json')],
      sampleEnvironment,
    ),
  ]);
  const results = [build, lint, params];
  if (build.ok && params.ok) {
    // What azd would send: the compiled parameters against the compiled template.
    const templateJson = readFileSync(join(outDir, 'main.json'), 'utf8');
    keepCompiledTemplate(templateJson);
    const parameters = JSON.parse(readFileSync(join(outDir, 'main.parameters.json'), 'utf8')) as {
      parameters: Record<string, { value: Json }>;
    };
    try {
      const values = Object.fromEntries(Object.entries(parameters.parameters).map(([k, p]) => [k, p.value]));
      const deployment = simulateDeployment(
        JSON.parse(templateJson) as ArmTemplate,
        values,
        fakeAzure,
        sampleContext,
      );
      const outputs = Object.keys(deployment.outputs);
      results.push({
        name: 'simulated deployment',
        ok: true,
        report: `${outputs.length} outputs: ${outputs.join(', ')}`,
      });
    } catch (error) {
      results.push({ name: 'simulated deployment', ok: false, report: String(error) });
    }
  }
  return results;
}

async function pesterStep(): Promise<StepResult> {
  const script = [
    `Import-Module '${pesterModulePath()}'`,
    '$config = New-PesterConfiguration',
    "$config.Run.Path = 'infra'",
    '$config.Run.PassThru = $true',
    "$config.Output.Verbosity = 'Detailed'",
    "$config.Output.RenderMode = 'Plaintext'",
    '$result = Invoke-Pester -Configuration $config',
    // No skipped test and at least one: a Pester run that tested nothing is a failure.
    'if ($result.FailedCount -gt 0 -or $result.SkippedCount -gt 0 -or $result.NotRunCount -gt 0 -or $result.PassedCount -eq 0) { exit 1 }',
  ].join('; ');
  const outcome = await run(pwshPath(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], {
    POWERSHELL_TELEMETRY_OPTOUT: '1',
    POWERSHELL_UPDATECHECK: 'Off',
  });
  return {
    name: `Pester ${pinnedVersion('Pester')}`,
    ok: outcome.code === 0,
    report: (outcome.stdout + outcome.stderr).trim(),
  };
}

async function shellcheckStep(): Promise<StepResult> {
  const hooks = readdirSync(join(repoRoot, 'infra', 'hooks'))
    .filter((name) => name.endsWith('.sh'))
    .map((name) => `infra/hooks/${name}`);
  try {
    const outcome = await run('shellcheck', hooks);
    return {
      name: `shellcheck ${hooks.join(' ')}`,
      ok: outcome.code === 0,
      report: (outcome.stdout + outcome.stderr).trim() || 'clean',
    };
  } catch {
    return {
      name: 'shellcheck',
      ok: false,
      report:
        'shellcheck is not installed: apt-get install shellcheck (Debian, Ubuntu) or brew install shellcheck',
    };
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  // Restores run one after the other (one NuGet folder); the checks then run side by side.
  bicepPath();
  pesterModulePath();
  pwshPath();
  const outDir = join(toolsDir, 'verify-out');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const results = (await Promise.all([bicepChecks(outDir), pesterStep(), shellcheckStep()])).flat();
  for (const result of results) {
    process.stdout.write(`== infra: ${result.name}: ${result.ok ? 'ok' : 'FAILED'}\n${result.report}\n`);
  }
  const failed = results.filter((result) => !result.ok);
  process.stdout.write(
    `== infra: ${failed.length ? `${failed.length} step(s) failed` : 'all checks passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  if (failed.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
