import { type Config } from '../config';
import { type ClientConfig } from '../contracts/client-config';
import { type HttpFunctionDefinition } from '../function-registry';
import { jsonResponse } from '../http/responses';

/** Anonymous: only public identifiers (client ids, authority), never a secret. */
export function clientConfigFunction(config: () => Config): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'client-config',
    route: 'client-config',
    methods: ['GET'],
    handler: () => {
      const c = config();
      const tenantId = c.ALLOWED_TENANT_IDS[0];
      const body: ClientConfig = {
        apiClientId: c.API_CLIENT_ID,
        apiScope: `${c.API_APP_ID_URI ?? `api://${c.API_CLIENT_ID}`}/access_as_user`,
        localSignIn:
          c.LOCAL_SIGN_IN_ENABLED && tenantId
            ? { authority: `${new URL(c.AUTHORITY_HOST).origin}/${tenantId}`, tenantId }
            : null,
        teamsAppId: c.TEAMS_APP_ID ?? null,
      };
      return Promise.resolve(jsonResponse(200, body, { 'cache-control': 'public, max-age=300' }));
    },
  };
}
