import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

import { ACCENT_COLOR } from './icons';

/**
 * Builds the Teams app package's files from manifest/ and one stage's env file: fills `{{NAME}}` placeholders in
 * the manifest template and the localisation files, and validates the result against the official schemas that
 * `@microsoft/app-manifest` bundles — offline, no network. Used by `npm run package:teams` and by the tests.
 */
export const MANIFEST_DIRECTORY = join(__dirname, '..');
export const ENV_DIRECTORY = join(__dirname, '..', '..', 'env');
const SCHEMA_DIRECTORY = join(
  require.resolve('@microsoft/app-manifest/package.json'),
  '..',
  'build',
  'json-schemas',
  'teams',
);

/** Placeholders a stage's env file must set; ACCENT_COLOR and APP_NAME_SUFFIX have defaults. */
export const REQUIRED_VARIABLES = [
  'TEAMS_APP_ID',
  'APP_VERSION',
  'TAB_DOMAIN',
  'API_CLIENT_ID',
  'DEVELOPER_NAME',
  'DEVELOPER_WEBSITE_URL',
  'PRIVACY_URL',
  'TERMS_OF_USE_URL',
] as const;

const DEFAULTS: Record<string, string> = { ACCENT_COLOR, APP_NAME_SUFFIX: '' };

/** Parses a dotenv-style file: `KEY=value`, `#` comments, optional single or double quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`not a KEY=value line: ${line}`);
    let value = match[2]!.trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    values[match[1]!] = value;
  }
  return values;
}

export function readStageEnv(stage: string, directory = ENV_DIRECTORY): Record<string, string> {
  if (!/^[a-z][a-z0-9-]*$/.test(stage)) throw new Error(`bad stage name "${stage}"`);
  const file = join(directory, `.env.${stage}`);
  if (!existsSync(file)) {
    // The deployed stages hold tenant-specific ids: only their templates are in the repository.
    const example = `${file}.example`;
    throw new Error(
      existsSync(example)
        ? `${relative(process.cwd(), file)} does not exist yet: copy ${relative(process.cwd(), example)} to it and fill in the values after deploying (docs/deploy.md)`
        : `no settings for stage "${stage}": create ${relative(process.cwd(), file)} (see env/.env.dev.example)`,
    );
  }
  return parseEnvFile(readFileSync(file, 'utf8'));
}

/** Replaces every `{{NAME}}`; a placeholder without a value is an error naming it, never an empty string. */
export function fillPlaceholders(template: string, variables: Record<string, string>): string {
  const values = { ...DEFAULTS, ...variables };
  const missing = new Set<string>();
  const filled = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined || (value === '' && name !== 'APP_NAME_SUFFIX')) {
      missing.add(name);
      return '';
    }
    // Values land inside JSON strings: escape them as JSON would.
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) throw new Error(`missing values for ${[...missing].sort().join(', ')}`);
  return filled;
}

/** The parts of the manifest the packaging reads; the schema validation checks the rest. */
export interface ManifestJson {
  $schema?: string;
  id: string;
  icons: { color: string; outline: string };
  localizationInfo?: {
    defaultLanguageFile?: string;
    additionalLanguages?: Array<{ languageTag: string; file: string }>;
  };
  [key: string]: unknown;
}

export interface AppPackageFiles {
  manifest: ManifestJson;
  /** File name in the zip → content. */
  files: Map<string, Buffer>;
}

export function buildAppPackageFiles(variables: Record<string, string>): AppPackageFiles {
  const missing = REQUIRED_VARIABLES.filter((name) => !variables[name]);
  if (missing.length > 0) throw new Error(`the env file does not set ${missing.join(', ')}`);
  const manifestText = fillPlaceholders(
    readFileSync(join(MANIFEST_DIRECTORY, 'manifest.template.json'), 'utf8'),
    variables,
  );
  const manifest = JSON.parse(manifestText) as ManifestJson;
  const files = new Map<string, Buffer>([
    ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
  ]);
  for (const icon of [manifest.icons.color, manifest.icons.outline]) {
    files.set(icon, readFileSync(join(MANIFEST_DIRECTORY, 'icons', icon)));
  }
  for (const file of localizationFileNames(manifest)) {
    const text = fillPlaceholders(
      readFileSync(join(MANIFEST_DIRECTORY, 'localization', file), 'utf8'),
      variables,
    );
    files.set(file, Buffer.from(text));
  }
  return { manifest, files };
}

export function localizationFileNames(manifest: ManifestJson): string[] {
  const info = manifest.localizationInfo;
  if (!info) return [];
  return [
    ...(info.defaultLanguageFile ? [info.defaultLanguageFile] : []),
    ...(info.additionalLanguages ?? []).map((language) => language.file),
  ];
}

function schemaFor(url: string, kind: 'MicrosoftTeams' | 'MicrosoftTeams.Localization'): object {
  const version = /\/teams\/(v[0-9.]+|vDevPreview)\//.exec(url)?.[1];
  if (!version) throw new Error(`cannot tell the schema version from ${url}`);
  return JSON.parse(readFileSync(join(SCHEMA_DIRECTORY, version, `${kind}.schema.json`), 'utf8')) as object;
}

/**
 * Validates with Ajv (draft-04, as the Teams schemas are) configured like `AppManifestUtils.validateAgainstSchema`
 * in `@microsoft/app-manifest` — all errors, lax types, the uri/email/regex formats — but against the schema files
 * that package bundles, read from disk. Two reasons not to call the library itself: its entry point `require`s the
 * ESM-only `strip-bom`, which Jest on Node 20 cannot load; and the localisation schema's key patterns
 * (`…[\b(…)\b]…`) are invalid as unicode regular expressions, which is how the library's Ajv compiles them.
 */
function validateAgainst(schema: object, document: unknown): string[] {
  const ajv = new Ajv04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

/**
 * Validates the manifest and its localisation files against the official schemas bundled in
 * `@microsoft/app-manifest` (offline: nothing is fetched). Returns the problems, empty when valid.
 */
export function validateAppPackage(pkg: AppPackageFiles): string[] {
  const problems = validateAgainst(schemaFor(pkg.manifest.$schema ?? '', 'MicrosoftTeams'), pkg.manifest).map(
    (problem) => `manifest.json: ${problem}`,
  );
  for (const file of localizationFileNames(pkg.manifest)) {
    const content = pkg.files.get(file);
    if (!content) {
      problems.push(`${file}: missing from the package`);
      continue;
    }
    const localization = JSON.parse(content.toString('utf8')) as { $schema?: string };
    const schema = schemaFor(localization.$schema ?? '', 'MicrosoftTeams.Localization');
    problems.push(...validateAgainst(schema, localization).map((problem) => `${file}: ${problem}`));
  }
  for (const icon of [pkg.manifest.icons.color, pkg.manifest.icons.outline]) {
    if (!pkg.files.has(icon)) problems.push(`${icon}: missing from the package`);
  }
  return problems;
}
