import { type HostStart } from './host-context';
import { createBrowserHost } from './local-host';
import { createTeamsHost, initializeTeams, realTeamsSdk, type TeamsSdk } from './teams-host';

export interface LocalSignInConfig {
  clientId: string;
  scope: string;
  authority: string;
}

export interface CreateHostOptions {
  /** Local sign-in settings from /api/client-config, or null when the deployment refuses local mode. */
  loadLocalSignIn: () => Promise<LocalSignInConfig | null>;
  /** How long a framed page waits for a Teams host before falling back to local mode. */
  teamsTimeoutMs?: number;
  sdk?: TeamsSdk;
  win?: Window;
}

/**
 * Decides where the tab runs and returns a ready host. Never hangs: Teams is raced against a timeout, and any
 * failure outside Teams still yields a browser host, so the shell can always render a message.
 */
export async function createHost(options: CreateHostOptions): Promise<HostStart> {
  const win = options.win ?? window;
  const sdk = options.sdk ?? realTeamsSdk;
  if (await initializeTeams(sdk, options.teamsTimeoutMs ?? 4000)) {
    try {
      return { phase: 'ready', host: await createTeamsHost(sdk) };
    } catch (e) {
      return { phase: 'failed', host: createBrowserHost(win), error: asError(e) };
    }
  }
  const browserHost = createBrowserHost(win);
  let signIn: LocalSignInConfig | null;
  try {
    signIn = await options.loadLocalSignIn();
  } catch (e) {
    return { phase: 'failed', host: browserHost, error: asError(e) };
  }
  if (!signIn) return { phase: 'local-refused', host: browserHost };
  try {
    const { startMsalSession } = await import('./msal-sign-in');
    const session = await startMsalSession(signIn, win);
    if (!session.account) return { phase: 'sign-in-required', host: browserHost, signIn: session.signIn };
    const host = createBrowserHost(win, {
      getToken: session.getToken,
      user: { displayName: session.account.name ?? null, loginHint: session.account.username || null },
      signOut: session.signOut,
    });
    return { phase: 'ready', host };
  } catch (e) {
    return { phase: 'failed', host: browserHost, error: asError(e) };
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
