import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HttpRequest } from '@azure/functions';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';

import { ACTIVITY_TYPE_NAMES, ACTIVITY_TYPES } from '../../functions/src/contracts/activity-types';
import { createAuthenticator } from '../../functions/src/http/auth';
import {
  type AppPackageFiles,
  buildAppPackageFiles,
  ENV_DIRECTORY,
  fillPlaceholders,
  localizationFileNames,
  MANIFEST_DIRECTORY,
  parseEnvFile,
  readStageEnv,
  validateAppPackage,
} from '../../manifest/lib/app-package';
import { readPngInfo } from '../../manifest/lib/png';
import { de as tabDe } from '../../tabs/src/i18n/messages-de';
import { fr as tabFr } from '../../tabs/src/i18n/messages-fr';

interface Manifest {
  manifestVersion: string;
  staticTabs: Array<{
    entityId: string;
    name: string;
    contentUrl: string;
    scopes: string[];
    context?: string[];
  }>;
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  authorization: { permissions: { resourceSpecific: Array<{ name: string; type: string }> } };
  activities: { activityTypes: Array<{ type: string; description: string; templateText: string }> };
  localizationInfo: {
    defaultLanguageTag: string;
    additionalLanguages: Array<{ languageTag: string; file: string }>;
  };
}

const local = readStageEnv('local');
const built = buildAppPackageFiles(local);
const manifest = built.manifest as unknown as Manifest;

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

describe('Teams app manifest', () => {
  it('validates offline against the official schema bundled in @microsoft/app-manifest', () => {
    expect(validateAppPackage(built)).toEqual([]);
  });

  it('the validator rejects what Teams would reject (so a pass means something)', () => {
    const broken = JSON.parse(JSON.stringify(built.manifest)) as Record<string, unknown>;
    delete broken.accentColor;
    (broken.staticTabs as Array<Record<string, unknown>>)[0]!.entityId = 'x'.repeat(65);
    const problems = validateAppPackage({ ...built, manifest: broken as AppPackageFiles['manifest'] });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'accentColor'"),
        expect.stringContaining('/staticTabs/0/entityId'),
      ]),
    );
  });

  it('uses a 1.2x schema and has the two personal tabs on the tab domain', () => {
    expect(manifest.manifestVersion).toMatch(/^1\.2\d$/);
    expect(
      manifest.staticTabs.map((tab) => [tab.entityId, tab.name, tab.contentUrl, tab.scopes, tab.context]),
    ).toEqual([
      [
        'mentoring',
        'My mentoring',
        `https://${local.TAB_DOMAIN}/?view=employee`,
        ['personal'],
        ['personalTab'],
      ],
      // The tab routes by hash (`#/admin`); `view` tells the tab which personal tab it was opened as.
      ['admin', 'Admin', `https://${local.TAB_DOMAIN}/?view=admin#/admin`, ['personal'], ['personalTab']],
    ]);
    expect(manifest.validDomains).toContain(local.TAB_DOMAIN);
  });

  it('asks for the activity-feed RSC permission', () => {
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([
      { name: 'TeamsActivity.Send.User', type: 'Application' },
      // The Outlook add-in reads the open appointment (its body), nothing more.
      { name: 'MailboxItem.Read.User', type: 'Delegated' },
    ]);
  });

  it('declares exactly the activity types the backend sends, with the same template parameters', () => {
    const declared = manifest.activities.activityTypes;
    expect(declared.map((activity) => activity.type).sort()).toEqual([...ACTIVITY_TYPE_NAMES].sort());
    for (const activity of declared) {
      const contract = ACTIVITY_TYPES[activity.type as keyof typeof ACTIVITY_TYPES];
      expect(placeholders(activity.templateText)).toEqual(['actor', ...contract.parameters].sort());
      expect(activity.templateText).toBe(contract.templateText);
      expect(activity.description).toBe(contract.description);
    }
  });

  it('every activityType the functions send is one the contract declares', () => {
    // Senders must use the contract's names; a literal `activityType: 'x'` anywhere in functions/src is checked too.
    const sources = listTypeScript(join(__dirname, '..', '..', 'functions', 'src')).filter(
      (file) => !file.endsWith('.test.ts'),
    );
    const literals = sources.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/activityType\s*:\s*['"`]([A-Za-z]+)['"`]/g)].map(
        (match) => match[1]!,
      ),
    );
    for (const literal of literals) {
      if (literal !== 'systemDefault') expect(ACTIVITY_TYPE_NAMES).toContain(literal);
    }
  });

  it('deep links the backend builds name tabs the manifest has', () => {
    const sources = listTypeScript(join(__dirname, '..', '..', 'functions', 'src')).filter(
      (file) => !file.endsWith('.test.ts'),
    );
    const entities = sources.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\/l\/entity\/\$\{[^}]+\}\/([\w-]+)/g)].map(
        (match) => match[1]!,
      ),
    );
    for (const entity of entities) expect(manifest.staticTabs.map((tab) => tab.entityId)).toContain(entity);
  });

  it('has localisation files for en-us (default) and more, each translating every tab and activity type', () => {
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('en-us');
    expect(manifest.localizationInfo.additionalLanguages.length).toBeGreaterThanOrEqual(1);
    const languageFiles = [...built.files.keys()].filter((name) => /^[a-z]{2}-[a-z]{2}\.json$/.test(name));
    expect(languageFiles.length).toBe(1 + manifest.localizationInfo.additionalLanguages.length);
    for (const file of languageFiles) {
      const strings = JSON.parse(built.files.get(file)!.toString('utf8')) as Record<string, string>;
      manifest.staticTabs.forEach((_tab, index) => expect(strings[`staticTabs[${index}].name`]).toBeTruthy());
      manifest.activities.activityTypes.forEach((activity, index) => {
        expect(strings[`activities.activityTypes[${index}].description`]).toBeTruthy();
        // A translation that drops or renames a parameter would render a literal "{programName}".
        expect(placeholders(strings[`activities.activityTypes[${index}].templateText`] ?? '')).toEqual(
          placeholders(activity.templateText),
        );
      });
    }
  });

  it('speaks as the tab does: formal German and French, the same tab names as the tab’s catalogs', () => {
    const strings = (file: string) =>
      JSON.parse(built.files.get(file)!.toString('utf8')) as Record<string, string>;
    const de = strings('de-de.json');
    const fr = strings('fr-fr.json');
    const informalDe = /(?<!\p{L})(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)(?!\p{L})/iu;
    const informalFr = /(?<!\p{L})(tu|toi|ton|tes)(?!\p{L})/iu;
    expect(Object.values(de).filter((text) => informalDe.test(text))).toEqual([]);
    expect(Object.values(fr).filter((text) => informalFr.test(text))).toEqual([]);
    expect([de['staticTabs[0].name'], de['staticTabs[1].name']]).toEqual([
      tabDe['app.nav.mentoring'],
      tabDe['app.nav.admin'],
    ]);
    expect([fr['staticTabs[0].name'], fr['staticTabs[1].name']]).toEqual([
      tabFr['app.nav.mentoring'],
      tabFr['app.nav.admin'],
    ]);
  });

  it('fills every placeholder and refuses a missing one by name', () => {
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{[A-Z0-9_]+\}\}/);
    expect(() => fillPlaceholders('{"a":"{{TAB_DOMAIN}}","b":"{{NOPE}}"}', { TAB_DOMAIN: 'x' })).toThrow(
      'missing values for NOPE',
    );
    const { TAB_DOMAIN: _dropped, ...withoutDomain } = local;
    expect(() => buildAppPackageFiles(withoutDomain)).toThrow('TAB_DOMAIN');
  });

  it('parses env files with comments and quotes', () => {
    expect(parseEnvFile('# c\nA=1\nB=" spaced "\nC=x # note\n\nexport D=\'q\'')).toEqual({
      A: '1',
      B: ' spaced ',
      C: 'x',
      D: 'q',
    });
  });

  it('every committed stage example fills and validates once its <placeholders> are replaced', () => {
    const examples = readdirSync(ENV_DIRECTORY).filter((name) => name.endsWith('.example'));
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const values = parseEnvFile(readFileSync(join(ENV_DIRECTORY, example), 'utf8'));
      const filled = Object.fromEntries(
        Object.entries(values).map(([key, value]) => [
          key,
          value.startsWith('<')
            ? key.endsWith('_ID')
              ? '11111111-2222-4333-8444-555555555555'
              : 'pairwise-test.z01.azurefd.net'
            : value,
        ]),
      );
      expect(validateAppPackage(buildAppPackageFiles(filled))).toEqual([]);
    }
  });
});

describe('the session surfaces: Outlook add-in and Teams meeting side panel', () => {
  interface Icon {
    size: number;
    url: string;
  }
  interface Extension {
    requirements: { scopes: string[]; capabilities: Array<{ name: string; minVersion: string }> };
    runtimes: Array<{ id: string; code: { page: string }; actions: Array<{ id: string; type: string }> }>;
    ribbons: Array<{
      contexts: string[];
      tabs: Array<{
        builtInTabId: string;
        groups: Array<{
          label: string;
          icons: Icon[];
          controls: Array<{ label: string; icons: Icon[]; actionId: string; supertip: { title: string } }>;
        }>;
      }>;
    }>;
  }
  const full = built.manifest as unknown as {
    extensions: Extension[];
    configurableTabs: Array<{ configurationUrl: string; scopes: string[]; context: string[] }>;
  };
  const [extension] = full.extensions;

  it('an Outlook task pane on appointments, for organizer and attendee, whose button opens outlook.html', () => {
    expect(extension!.requirements).toEqual({
      scopes: ['mail'],
      capabilities: [{ name: 'Mailbox', minVersion: '1.3' }],
    });
    const [ribbon] = extension!.ribbons;
    expect(ribbon!.contexts.sort()).toEqual(['meetingDetailsAttendee', 'meetingDetailsOrganizer']);
    const control = ribbon!.tabs[0]!.groups[0]!.controls[0]!;
    const runtime = extension!.runtimes.find((r) => r.actions.some((a) => a.id === control.actionId))!;
    expect(runtime.actions.find((a) => a.id === control.actionId)!.type).toBe('openPage');
    expect(runtime.code.page).toBe(`https://${local.TAB_DOMAIN}/outlook.html`);
    expect(existsSync(join(__dirname, '..', '..', 'tabs', 'outlook.html'))).toBe(true);
  });

  it('its icons are the tab’s own files at the three sizes Office requires', () => {
    const [ribbon] = extension!.ribbons;
    const group = ribbon!.tabs[0]!.groups[0]!;
    for (const icons of [group.icons, group.controls[0]!.icons]) {
      expect(icons.map((i) => i.size)).toEqual([16, 32, 80]);
      for (const icon of icons) {
        const url = new URL(icon.url);
        expect(url.host).toBe(local.TAB_DOMAIN);
        const file = join(__dirname, '..', '..', 'tabs', 'public', url.pathname);
        expect(readPngInfo(readFileSync(file))).toMatchObject({ width: icon.size, height: icon.size });
      }
    }
  });

  it('a configurable tab in the meeting contexts, configured on the tab domain', () => {
    expect(full.configurableTabs).toEqual([
      {
        configurationUrl: `https://${local.TAB_DOMAIN}/?view=meeting-config`,
        canUpdateConfiguration: true,
        scopes: ['groupChat'],
        context: ['meetingSidePanel', 'meetingChatTab', 'meetingDetailsTab'],
      },
    ]);
  });

  it('every language names the ribbon button and its group', () => {
    for (const file of localizationFileNames(built.manifest)) {
      const strings = JSON.parse(built.files.get(file)!.toString('utf8')) as Record<string, string>;
      const base = 'extensions[0].ribbons[0].tabs[0].groups[0]';
      for (const key of [
        '.label',
        '.controls[0].label',
        '.controls[0].supertip.title',
        '.controls[0].supertip.description',
      ])
        expect([file, key, strings[base + key]]).toEqual([file, key, expect.any(String)]);
    }
  });

  it('the validator checks the extension part too (a pass means something)', () => {
    const broken = JSON.parse(JSON.stringify(built.manifest)) as typeof full;
    broken.extensions[0]!.ribbons[0]!.contexts = ['calendarPopup'];
    delete (broken.extensions[0]!.ribbons[0]!.tabs[0]!.groups[0]!.controls[0] as { supertip?: unknown })
      .supertip;
    const problems = validateAppPackage({
      ...built,
      manifest: broken as unknown as AppPackageFiles['manifest'],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/extensions/0/ribbons/0/contexts/0'),
        expect.stringContaining(
          "/extensions/0/ribbons/0/tabs/0/groups/0/controls/0 must have required property 'supertip'",
        ),
      ]),
    );
  });
});

describe('SSO: the manifest resource is an audience the API accepts', () => {
  it('webApplicationInfo names the API client id and api://<tab domain>/<client id>', () => {
    expect(manifest.webApplicationInfo).toEqual({
      id: local.API_CLIENT_ID,
      resource: `api://${local.TAB_DOMAIN}/${local.API_CLIENT_ID}`,
    });
  });

  it.each(['resource', 'id'] as const)(
    'a Teams SSO token whose aud is the manifest %s passes the API validator configured as infra/ configures it',
    async (field) => {
      const tenantId = '0b6f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
      const { publicKey, privateKey } = await generateKeyPair('RS256');
      const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
      const authority = 'https://login.microsoftonline.com';
      // infra/resources.bicep sets API_APP_ID_URI to 'api://${tabDomain}/${apiClientId}' (tests/unit/infra-*.test.ts).
      const authenticator = createAuthenticator(
        {
          AUTHORITY_HOST: authority,
          API_CLIENT_ID: local.API_CLIENT_ID!,
          API_APP_ID_URI: `api://${local.TAB_DOMAIN}/${local.API_CLIENT_ID}`,
          ALLOWED_TENANT_IDS: [tenantId],
        },
        () => Promise.resolve(createLocalJWKSet({ keys: [jwk] })),
      );
      const token = await new SignJWT({
        tid: tenantId,
        oid: '1a2b3c4d-0000-4000-8000-000000000001',
        scp: 'access_as_user',
        // Teams asks for the token as its own pre-authorised client (Teams desktop and mobile).
        azp: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(`${authority}/${tenantId}/v2.0`)
        .setAudience(manifest.webApplicationInfo[field])
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      const request = new HttpRequest({
        method: 'GET',
        url: 'https://x/api/me',
        headers: { authorization: `Bearer ${token}` },
      });
      await expect(authenticator.authenticate(request)).resolves.toMatchObject({ tenantId });
    },
  );
});

function listTypeScript(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return listTypeScript(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

export const manifestDirectoryForOtherTests = MANIFEST_DIRECTORY;

describe('stage settings (npm run package:teams -- --env <stage>)', () => {
  // A folder of its own: a developer's real env/.env.dev (ignored by git) must not change the outcome.
  const directory = mkdtempSync(join(tmpdir(), 'pairwise-env-'));
  writeFileSync(join(directory, '.env.dev.example'), 'TEAMS_APP_ID=<new GUID>\n');
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('tells how to make a deployed stage’s file when only its template exists', () => {
    expect(() => readStageEnv('dev', directory)).toThrow(
      /\.env\.dev does not exist yet: copy \S*\.env\.dev\.example to it .*docs\/deploy\.md/,
    );
  });

  it('names the file to create for a stage with no template, and refuses odd stage names', () => {
    expect(() => readStageEnv('staging', directory)).toThrow(
      /no settings for stage "staging": create \S*\.env\.staging/,
    );
    expect(() => readStageEnv('../secrets', directory)).toThrow(/bad stage name/);
  });

  it('reads the stage file once it exists', () => {
    writeFileSync(join(directory, '.env.dev'), 'TEAMS_APP_ID=7d1f3c2a-4b5e-4c6d-8e9f-0a1b2c3d4e5f\n');
    expect(readStageEnv('dev', directory)).toMatchObject({
      TEAMS_APP_ID: '7d1f3c2a-4b5e-4c6d-8e9f-0a1b2c3d4e5f',
    });
  });

  it('ships templates for the deployed stages', () => {
    expect(existsSync(join(ENV_DIRECTORY, '.env.dev.example'))).toBe(true);
    expect(existsSync(join(ENV_DIRECTORY, '.env.prod.example'))).toBe(true);
  });
});
