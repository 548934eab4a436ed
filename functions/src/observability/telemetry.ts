/**
 * Application Insights wiring. Pairwise ships no telemetry SDK: in Azure the Functions host itself sends requests,
 * dependencies of the host, and every InvocationContext log line to Application Insights when
 * APPLICATIONINSIGHTS_CONNECTION_STRING is set (infra/ sets it, with APPLICATIONINSIGHTS_AUTHENTICATION_STRING so
 * ingestion uses the managed identity and the resource can refuse keys). Locally neither is set and logs stay on
 * the console — a no-op by construction. See docs/decisions/0005-deployment-and-identity.md.
 */
export type TelemetryMode =
  | { kind: 'off' }
  | { kind: 'application-insights'; authentication: 'managed-identity' | 'connection-string' };

export function telemetryMode(env: Record<string, string | undefined>): TelemetryMode {
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (!connectionString) return { kind: 'off' };
  const authentication = env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING?.includes('Authorization=AAD')
    ? 'managed-identity'
    : 'connection-string';
  return { kind: 'application-insights', authentication };
}
