import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Nothing in the repository may hold a secret: the app runs on managed identities, the Graph credential is a
 * federated credential, and local secrets live in .local/ (gitignored). This scans every tracked file (and new,
 * not yet ignored ones) for the shapes real secrets take. Public, documented development keys (Azurite's, the Cosmos
 * emulator's) are allowed by exact value.
 */
const root = join(__dirname, '..', '..');

// Assembled at run time so this file does not match itself.
const BEGIN = '-----BEGIN';
const PATTERNS: Array<{ name: string; pattern: RegExp }> = [
  {
    name: 'private key (PEM)',
    pattern: new RegExp(`${BEGIN} (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----`),
  },
  // Entra ID client secrets: 3 characters, a digit, "Q~", then 31–34 more.
  {
    name: 'Entra client secret',
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
  },
  {
    name: 'storage or Cosmos account key',
    pattern: /(?:AccountKey|AccessKey|SharedAccessKey)\s*=\s*[A-Za-z0-9+/]{40,}={0,2}/,
  },
  { name: 'Cosmos key setting', pattern: /COSMOS_KEY["']?\s*[:=]\s*["']?[A-Za-z0-9+/]{60,}={0,2}/ },
  { name: 'SAS signature', pattern: /[?&]sig=[A-Za-z0-9%+/]{30,}/ },
  {
    name: 'client secret value',
    pattern: /client_?secret["']?\s*[:=]\s*["'][A-Za-z0-9_~.+/-]{20,}["']/i,
  },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { name: 'AWS access key', pattern: /\bAKIA[0-9A-Z]{16}\b/ },
];

/** Publicly documented emulator keys: not secrets, identical on every developer machine. */
const ALLOWED_VALUES = [
  // Azurite / Storage emulator account key (learn.microsoft.com: "Use the Azurite emulator").
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  // Azure Cosmos DB emulator key.
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
];

function findSecrets(text: string): string[] {
  const cleaned = ALLOWED_VALUES.reduce((acc, value) => acc.split(value).join('<public emulator key>'), text);
  return PATTERNS.filter(({ pattern }) => pattern.test(cleaned)).map(({ name }) => name);
}

function repositoryFiles(): string[] {
  const output = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  return output
    .split('\0')
    .filter((file) => file && !file.startsWith('.local/') && file !== 'package-lock.json')
    .filter((file) => {
      try {
        const stat = statSync(join(root, file));
        return stat.isFile() && stat.size < 5_000_000;
      } catch {
        return false; // deleted in the working tree
      }
    });
}

describe('no secrets in the repository', () => {
  it.each([
    [
      'PEM private key',
      `${BEGIN} PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----`,
    ],
    ['Entra client secret', `GRAPH_CLIENT_SECRET=${'abc'}8Q~${'x'.repeat(34)}`],
    ['storage key', `DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=${'A1b2'.repeat(22)}==`],
    ['SAS', `https://x.blob.core.windows.net/c/b?sv=2024-01-01&sig=${'AbCd%2B'.repeat(8)}`],
    ['client secret JSON', `{"clientSecret": "${'s3cr3t-'.repeat(4)}"}`],
  ])('the scanner catches a %s', (_name, sample) => {
    expect(findSecrets(sample).length).toBeGreaterThan(0);
  });

  it('the scanner lets through placeholders, emulator keys and redaction tests', () => {
    expect(findSecrets('"GRAPH_CLIENT_SECRET": "<from .local/tenant/backend-secret.txt>"')).toEqual([]);
    expect(findSecrets(`AccountKey=${ALLOWED_VALUES[0]!}`)).toEqual([]);
    expect(findSecrets('client_secret=Zx8Q~abc.def&scope=x')).toEqual([]);
  });

  it('no tracked or new file matches a secret pattern', () => {
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return findSecrets(text).map((name) => `${file}: ${name}`);
    });
    expect(findings).toEqual([]);
  });
});
