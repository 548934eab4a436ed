import { type ClientConfig, ClientConfigSchema } from '../../../functions/src/contracts/client-config';

/** `GET /api/client-config` (anonymous): the API client id and scope, and the local authority when enabled. */
export async function fetchClientConfig(fetchFn: typeof fetch = fetch): Promise<ClientConfig> {
  const response = await fetchFn('/api/client-config', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`client-config answered ${response.status}`);
  const parsed = ClientConfigSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error('client-config answered an unexpected shape');
  return parsed.data;
}
