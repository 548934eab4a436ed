import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { securityHeaders, startLocalHttpServer } from '../../dev/local-host/http-server';
import { type ArmTemplate, simulateDeployment } from '../../infra/tools/arm-template';
import { fakeAzure, sampleContext } from '../../infra/tools/fake-azure';
import { compileMainTemplate } from '../../infra/tools/toolchain';

/**
 * The tab (and /api) carry CSP with frame-ancestors limited to the Teams, Outlook and Microsoft 365 hosts, HSTS,
 * nosniff and Referrer-Policy — in Azure (a Front Door rule set on both routes) and under `npm start` alike, from one
 * file (infra/tab-security-headers.json).
 */
const spec = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'infra', 'tab-security-headers.json'), 'utf8'),
) as { frameAncestors: string[]; headers: Record<string, string> };

// learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements: the documented frame-ancestors.
const documentedHosts = [
  'teams.microsoft.com',
  '*.teams.microsoft.com',
  '*.cloud.microsoft',
  '*.microsoft365.com',
  '*.office.com',
  'outlook.office.com',
  'outlook.office365.com',
];

describe('the security headers', () => {
  it('frame the tab only in the documented Teams, Outlook and Microsoft 365 hosts', () => {
    const csp = spec.headers['Content-Security-Policy']!;
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
    expect(ancestors).toEqual(spec.frameAncestors);
    for (const host of documentedHosts) expect(ancestors).toContain(`https://${host}`);
    expect(ancestors.every((a) => a.startsWith('https://'))).toBe(true);
    expect(ancestors).not.toContain("'self'");
    expect(ancestors).not.toContain('*');
    expect(csp).toContain("object-src 'none'");
    expect(spec.headers).toMatchObject({
      'Strict-Transport-Security': expect.stringMatching(/^max-age=(\d{8,})/) as unknown,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });

  it('are what Front Door adds to every response of the tab and the API', () => {
    const deployment = simulateDeployment(
      compileMainTemplate() as ArmTemplate,
      {
        environmentName: 'pairwise-prod',
        location: sampleContext.location,
        apiClientId: '11111111-2222-4333-8444-555555555555',
      },
      fakeAzure,
      sampleContext,
    );
    const routes = deployment.module('front-door-routes');
    const rule = routes.resource('Microsoft.Cdn/profiles/ruleSets/rules').properties as {
      conditions: unknown[];
      actions: Array<{
        name: string;
        parameters: { headerAction: string; headerName: string; value: string };
      }>;
    };
    expect(rule.conditions).toEqual([]);
    expect(
      Object.fromEntries(
        rule.actions.map((a) => {
          expect(a.name).toBe('ModifyResponseHeader');
          expect(a.parameters.headerAction).toBe('Overwrite');
          return [a.parameters.headerName, a.parameters.value];
        }),
      ),
    ).toEqual(spec.headers);
    const ruleSet = routes.resource('Microsoft.Cdn/profiles/ruleSets');
    const attached = routes
      .resources('Microsoft.Cdn/profiles/afdEndpoints/routes')
      .map((r) => (r.properties as { ruleSets?: Array<{ id: string }> }).ruleSets ?? []);
    expect(attached).toHaveLength(2);
    for (const sets of attached)
      expect(sets.map((set) => set.id)).toEqual([
        expect.stringMatching(new RegExp(`/ruleSets/${ruleSet.name.split('/').at(-1)}$`)),
      ]);
  });

  it('are what the local stack serves, on the tab and on /api', async () => {
    expect(securityHeaders).toEqual(spec.headers);
    const staticDir = mkdtempSync(join(tmpdir(), 'pairwise-tab-'));
    writeFileSync(join(staticDir, 'index.html'), '<div id="root"></div>');
    const server = await startLocalHttpServer({
      port: 0,
      host: '127.0.0.1',
      routePrefix: 'api',
      staticDir,
      functions: [
        {
          kind: 'http',
          name: 'ping',
          route: 'ping',
          methods: ['GET'],
          handler: () => Promise.resolve({ status: 200, jsonBody: { ok: true } }),
        },
      ],
      fireTimer: () => Promise.resolve(),
      log: () => undefined,
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of ['/', '/some/client/route', '/api/ping']) {
        const response = await fetch(`${base}${path}`);
        expect(response.status).toBe(200);
        for (const [name, value] of Object.entries(spec.headers))
          expect([path, name, response.headers.get(name)]).toEqual([path, name, value]);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
