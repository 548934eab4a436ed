import { z } from 'zod';

const OpenIdConfigurationSchema = z.object({
  issuer: z.string(),
  jwks_uri: z.url(),
  token_endpoint: z.url(),
  authorization_endpoint: z.url(),
});
export type OpenIdConfiguration = z.infer<typeof OpenIdConfigurationSchema>;

/** Reads the tenant's OpenID configuration from the authority (Entra or the local simulator). */
export async function fetchOpenIdConfiguration(
  authorityHost: string,
  tenantId: string,
  signal?: AbortSignal,
): Promise<OpenIdConfiguration> {
  const url = `${new URL(authorityHost).origin}/${tenantId}/v2.0/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: signal ?? AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`OpenID configuration answered ${response.status}`);
  return OpenIdConfigurationSchema.parse(await response.json());
}
