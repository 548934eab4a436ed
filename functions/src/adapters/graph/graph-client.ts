import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';

import { type Config } from '../../config';

type GraphSettings = Pick<
  Config,
  | 'AUTHORITY_HOST'
  | 'GRAPH_BASE_URL'
  | 'API_CLIENT_ID'
  | 'GRAPH_CLIENT_ID'
  | 'GRAPH_CLIENT_SECRET'
  | 'GRAPH_FEDERATED_IDENTITY_CLIENT_ID'
>;

/** Reads a federated token for the managed identity (Azure), exchanged by MSAL for a Graph token. */
export type ClientAssertionSource = () => Promise<string>;

function msalConfiguration(
  settings: GraphSettings,
  tenantId: string,
  assertion?: ClientAssertionSource,
): Configuration {
  const authorityHost = new URL(settings.AUTHORITY_HOST);
  return {
    auth: {
      clientId: settings.GRAPH_CLIENT_ID ?? settings.API_CLIENT_ID,
      authority: `${authorityHost.origin}/${tenantId}`,
      // The authority's host is named as known so MSAL never asks the public cloud for instance discovery:
      // the same configuration then works for the public cloud, a sovereign cloud or the local simulator.
      knownAuthorities: [authorityHost.host],
      ...(settings.GRAPH_CLIENT_SECRET
        ? { clientSecret: settings.GRAPH_CLIENT_SECRET }
        : assertion
          ? { clientAssertion: () => assertion() }
          : {}),
    },
  };
}

/** App-only Graph access for one tenant: MSAL client credentials + the Graph client's default middleware. */
export class GraphAccess {
  private readonly msalByTenant = new Map<string, ConfidentialClientApplication>();
  private readonly clientByTenant = new Map<string, Client>();

  constructor(
    private readonly settings: GraphSettings,
    private readonly assertion?: ClientAssertionSource,
  ) {}

  get scope(): string {
    return `${new URL(this.settings.GRAPH_BASE_URL).origin}/.default`;
  }

  /**
   * An app-only token for the tenant from MSAL's cache. `minValidSeconds` asks for one that stays valid at least
   * that long (the bulk notification action refuses tokens expiring within 45 minutes with 412): a cached token
   * closer to its end is replaced by a fresh one.
   */
  async acquireToken(tenantId: string, options: { minValidSeconds?: number } = {}): Promise<string> {
    let msal = this.msalByTenant.get(tenantId);
    if (!msal) {
      msal = new ConfidentialClientApplication(msalConfiguration(this.settings, tenantId, this.assertion));
      this.msalByTenant.set(tenantId, msal);
    }
    let result = await msal.acquireTokenByClientCredential({ scopes: [this.scope] });
    const minValidMs = (options.minValidSeconds ?? 0) * 1000;
    if (result?.expiresOn && result.expiresOn.getTime() - Date.now() < minValidMs)
      result = await msal.acquireTokenByClientCredential({ scopes: [this.scope], skipCache: true });
    if (!result?.accessToken) throw new Error('No access token returned for Graph');
    return result.accessToken;
  }

  client(tenantId: string): Client {
    let client = this.clientByTenant.get(tenantId);
    if (!client) {
      const graphUrl = new URL(this.settings.GRAPH_BASE_URL);
      client = Client.initWithMiddleware({
        baseUrl: `${graphUrl.origin}/`,
        // The token is attached only to https Graph hosts; a sovereign cloud or the local simulator is named here.
        customHosts: new Set([graphUrl.hostname]),
        authProvider: { getAccessToken: () => this.acquireToken(tenantId) },
      });
      this.clientByTenant.set(tenantId, client);
    }
    return client;
  }
}
