import { z } from 'zod';

/**
 * The functions app's settings: one schema, parsed once at start, frozen. Every key is an app setting that
 * infra/ sets (tests/unit/infra-settings.test.ts cross-checks). Defaults exist only where the production value
 * is the same everywhere (the public Graph and Entra hosts), never to hide a missing production setting.
 */
const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0),
);

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

const httpsOrLoopbackUrl = z.url().refine((value) => {
  if (!URL.canParse(value)) return true; // z.url() already reported it
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}, 'must be an https URL (plain http is accepted only on loopback)');

const retentionDays = (days: number) => z.coerce.number().int().min(30).max(3650).default(days);

export const ConfigSchema = z
  .object({
    COSMOS_ENDPOINT: httpsOrLoopbackUrl,
    /** Local Cosmos server only; in Azure the managed identity is used and key auth is disabled. */
    COSMOS_KEY: z.string().min(1).optional(),
    COSMOS_DATABASE: z.string().min(1).default('pairwise'),
    AzureWebJobsStorage: z.string().min(1).optional(),
    AzureWebJobsStorage__queueServiceUri: z.url().optional(),
    GRAPH_BASE_URL: httpsOrLoopbackUrl.default('https://graph.microsoft.com'),
    AUTHORITY_HOST: httpsOrLoopbackUrl.default('https://login.microsoftonline.com'),
    /** The Entra app (client) id of the Pairwise API: the `aud` of every token the tab sends. */
    API_CLIENT_ID: z.uuid(),
    /** `api://<domain>/<client id>`: the v1-style audience Teams SSO may use. */
    API_APP_ID_URI: z.string().min(1).optional(),
    /**
     * The one tenant whose users may call the API (issuer check). A list by name for history, but the app
     * registration is single-tenant (`AzureADMyOrg`): Entra issues tokens for our API in its home tenant only, so a
     * second id could never be honoured (docs/decisions/0011-single-tenant.md).
     */
    ALLOWED_TENANT_IDS: csv.pipe(
      z
        .array(z.uuid())
        .min(1, 'name the tenant id')
        .max(1, 'the app registration is single-tenant (AzureADMyOrg): name exactly one tenant id'),
    ),
    /** The app registration the backend uses for app-only Graph calls (defaults to the API's). */
    GRAPH_CLIENT_ID: z.uuid().optional(),
    /** Local simulator only. In Azure the credential is a managed-identity federated credential. */
    GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
    /** Client id of the user-assigned managed identity federated with the Graph app registration. */
    GRAPH_FEDERATED_IDENTITY_CLIENT_ID: z.uuid().optional(),
    /** Where the tab is served; used for deep links in calendar invitations and notifications. */
    TAB_BASE_URL: z.url(),
    /** The Teams app id from the manifest, for deep links into the personal tab. */
    TEAMS_APP_ID: z.uuid().optional(),
    /** Allows the tab's local sign-in page outside Teams. Local development only; refused in Azure. */
    LOCAL_SIGN_IN_ENABLED: booleanFlag,
    /** NCRONTAB schedules of the timers (UTC; programs carry their own time zone). */
    ROUNDS_TIMER_SCHEDULE: z.string().min(1).default('0 */5 * * * *'),
    DIRECTORY_SYNC_TIMER_SCHEDULE: z.string().min(1).default('0 0 */6 * * *'),
    FOLLOW_UP_TIMER_SCHEDULE: z.string().min(1).default('0 */15 * * * *'),
    /**
     * Retention in days (docs/operations.md → Privacy): each document's Cosmos `ttl`. The defaults are the
     * documented policy, the same everywhere; a deployment may shorten or lengthen them within the bounds.
     */
    RETENTION_AUDIT_DAYS: retentionDays(400),
    RETENTION_FEEDBACK_DAYS: retentionDays(730),
    RETENTION_ENDED_PAIRING_DAYS: retentionDays(365),
    RETENTION_ROUND_DAYS: retentionDays(365),
    /** Set by the Azure Functions host in Azure; used to refuse local-only settings there. */
    WEBSITE_SITE_NAME: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    if (!config.AzureWebJobsStorage && !config.AzureWebJobsStorage__queueServiceUri) {
      ctx.addIssue({
        code: 'custom',
        path: ['AzureWebJobsStorage'],
        message:
          'set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__queueServiceUri (identity)',
      });
    }
    if (!config.GRAPH_CLIENT_SECRET && !config.GRAPH_FEDERATED_IDENTITY_CLIENT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['GRAPH_CLIENT_SECRET'],
        message: 'set GRAPH_FEDERATED_IDENTITY_CLIENT_ID (Azure) or GRAPH_CLIENT_SECRET (local simulator)',
      });
    }
    if (config.WEBSITE_SITE_NAME && config.LOCAL_SIGN_IN_ENABLED) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOCAL_SIGN_IN_ENABLED'],
        message: 'local sign-in is a development feature and is refused when running in Azure',
      });
    }
  });

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws a ConfigError whose message names every bad setting. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return Object.freeze(result.data);
}
