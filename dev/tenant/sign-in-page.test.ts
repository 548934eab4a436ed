import axe from 'axe-core';
import { JSDOM } from 'jsdom';

import { seedDirectory } from './directory';
import { authorizeEndpoint, createAppRegistrations, type IdentityState } from './identity';
import { type ClientCertificate, type SigningKeys } from './keys';

interface AxeWindow {
  eval(source: string): void;
  axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string }[] }> };
}

describe('the local sign-in page', () => {
  it('lists demo people (admin first) and has no axe violations', async () => {
    const directory = seedDirectory({ seed: 'page', size: 40 });
    const apps = createAppRegistrations('page', 'secret', {} as ClientCertificate);
    const state: IdentityState = {
      tenantId: 't',
      directory,
      keys: {} as SigningKeys,
      apps,
      demoPassword: 'x',
      hosts: () => ['127.0.0.1:7443'],
      accessTokenLifetimeSeconds: 3599,
      codes: new Map(),
      refreshTokens: new Map(),
    };
    const query = new URLSearchParams({
      client_id: apps.api.clientId,
      response_type: 'code',
      redirect_uri: 'http://localhost:7071/',
      scope: 'openid',
      code_challenge: 'abc',
      code_challenge_method: 'S256',
    });
    const res = authorizeEndpoint(state, {
      method: 'GET',
      path: '/t/oauth2/v2.0/authorize',
      query,
      headers: {},
      body: undefined,
      rawBody: '',
      origin: 'https://127.0.0.1:7443',
      remoteAddress: '127.0.0.1',
    });
    expect(res.status).toBe(200);
    const dom = new JSDOM(String(res.body), { runScripts: 'outside-only' });
    const buttons = Array.from(dom.window.document.querySelectorAll('button.user'));
    expect(buttons.length).toBe(directory.users.filter((u) => u.accountEnabled).length);
    expect(buttons[0]?.textContent).toContain(directory.admin.displayName);
    const win = dom.window as unknown as AxeWindow;
    win.eval(axe.source);
    const results = await win.axe.run(dom.window.document, {
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});
