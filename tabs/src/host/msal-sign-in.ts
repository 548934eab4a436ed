import { type AccountInfo, InteractionRequiredAuthError, PublicClientApplication } from '@azure/msal-browser';

import { type LocalSignInConfig } from './create-host';

export interface MsalSession {
  account: AccountInfo | null;
  getToken: () => Promise<string>;
  signIn: () => Promise<void>;
  signOut: () => Promise<void>;
}

/**
 * Local sign-in against the tenant simulator: authorization code + PKCE with the redirect flow, the page itself
 * as redirect URI. Loaded with a dynamic import, so Teams users never download MSAL.
 */
export async function startMsalSession(config: LocalSignInConfig, win: Window): Promise<MsalSession> {
  const authority = config.authority.replace(/\/$/, '');
  const redirectUri = `${win.location.origin}/`;
  const pca = new PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority,
      // host:port exactly, or MSAL asks login.microsoftonline.com for instance discovery.
      knownAuthorities: [new URL(authority).host],
      redirectUri,
      postLogoutRedirectUri: redirectUri,
    },
    // Survives a reload and a new tab, so a returning user is not sent through the sign-in page again.
    cache: { cacheLocation: 'localStorage' },
  });
  await pca.initialize();
  const result = await pca.handleRedirectPromise();
  if (result?.account) pca.setActiveAccount(result.account);
  const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? null;
  const scopes = [config.scope];

  return {
    account,
    getToken: async () => {
      if (!account) throw new Error('Not signed in');
      try {
        const r = await pca.acquireTokenSilent({ scopes, account });
        return r.accessToken;
      } catch (e) {
        if (e instanceof InteractionRequiredAuthError) {
          await pca.acquireTokenRedirect({ scopes, account });
        }
        throw e;
      }
    },
    signIn: () => pca.loginRedirect({ scopes }),
    signOut: () => pca.logoutRedirect({ account }),
  };
}
