import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

/** The GitHub Actions workflow and azure.yaml, parsed: they build, test and package with the repo's own scripts and
 * deploy with OIDC (no secret referenced anywhere). */
const root = join(__dirname, '..', '..');
const packageScripts = Object.keys(
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
);

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}

const workflowText = readFileSync(join(root, '.github', 'workflows', 'ci-deploy.yml'), 'utf8');
const workflow = parse(workflowText) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const azureYaml = parse(readFileSync(join(root, 'azure.yaml'), 'utf8')) as {
  infra: { provider: string; path: string; module: string };
  services: Record<
    string,
    { project: string; language: string; host: string; dist: string; hooks?: Record<string, { run: string }> }
  >;
  hooks: Record<string, { posix: { run: string } }>;
};

function npmScriptsIn(text: string): string[] {
  return [...text.matchAll(/npm run (?:-s )?([\w:.-]+)/g)].map((match) => match[1]!);
}

describe('GitHub Actions workflow', () => {
  const ci = workflow.jobs['build-test-package']!;
  const deploy = workflow.jobs.deploy!;
  const runs = (job: Job): string => job.steps.map((step) => step.run ?? '').join('\n');

  it('builds, typechecks, lints, tests and packages on pushes and pull requests', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const commands = runs(ci);
    for (const command of [
      'npm ci',
      'npm run build',
      'npm run typecheck',
      'npm run lint',
      'npm run format:check',
      'npm run verify:infra',
      'npm test',
      'npm run package:functions',
      'npm run package:teams',
    ]) {
      expect(commands).toContain(command);
    }
    const node = ci.steps.find((step) => step.uses?.startsWith('actions/setup-node'));
    expect(node?.with?.['node-version']).toBe(20);
  });

  it('verifies the infrastructure with the same step as .ci/run, before the tests, with .NET for its tools', () => {
    const index = (predicate: (step: Step) => boolean) => ci.steps.findIndex(predicate);
    const verify = index((step) => step.run === 'npm run verify:infra');
    expect(index((step) => step.uses?.startsWith('actions/setup-dotnet') ?? false)).toBeGreaterThanOrEqual(0);
    expect(index((step) => step.uses?.startsWith('actions/setup-dotnet') ?? false)).toBeLessThan(verify);
    expect(verify).toBeLessThan(index((step) => step.run === 'npm test'));
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/^npm run -s verify:infra$/m);
    expect(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
        .scripts.validate,
    ).toContain('npm run verify:infra');
  });

  it('deploys main with azd after the checks, signing in with OIDC', () => {
    expect(deploy.needs).toBe('build-test-package');
    expect(deploy.if).toContain("github.ref == 'refs/heads/main'");
    expect(deploy.permissions).toMatchObject({ 'id-token': 'write' });
    const login = deploy.steps.find((step) => step.uses?.startsWith('azure/login'));
    expect(login?.with).toMatchObject({ 'client-id': '${{ vars.AZURE_CLIENT_ID }}' });
    expect(runs(deploy)).toMatch(/azd auth login .*--federated-credential-provider github/);
    expect(runs(deploy)).toContain('azd deploy --no-prompt');
  });

  it('references no secret at all', () => {
    expect(workflowText).not.toMatch(/secrets\./);
    expect(workflowText).not.toMatch(/client-secret|AZURE_CREDENTIALS|publish-profile/i);
  });

  it('only runs npm scripts that exist', () => {
    for (const script of [
      ...npmScriptsIn(workflowText),
      ...npmScriptsIn(readFileSync(join(root, 'azure.yaml'), 'utf8')),
    ]) {
      expect(packageScripts).toContain(script);
    }
  });
});

describe('azure.yaml', () => {
  it('provisions infra/main.bicep and deploys the packaged bundle as the Functions service', () => {
    expect(azureYaml.infra).toEqual({ provider: 'bicep', path: 'infra', module: 'main' });
    expect(existsSync(join(root, azureYaml.infra.path, `${azureYaml.infra.module}.bicep`))).toBe(true);
    const api = azureYaml.services.api!;
    expect(api).toMatchObject({ host: 'function', language: 'js', dist: 'dist/functions' });
    expect(api.hooks?.prepackage?.run).toBe('npm run package:functions');
    // The Bicep tags the Functions app with the service name azd deploys to.
    expect(readFileSync(join(root, 'infra', 'app', 'function-app.bicep'), 'utf8')).toContain(
      "'azd-service-name': 'api'",
    );
  });

  it('its hooks exist', () => {
    for (const hook of Object.values(azureYaml.hooks))
      expect(existsSync(join(root, hook.posix.run))).toBe(true);
  });
});
