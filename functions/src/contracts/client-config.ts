import { z } from 'zod';

/** `GET /api/client-config`: what the tab needs to sign in, served at run time so one build fits every stage. */
export const ClientConfigSchema = z.object({
  apiClientId: z.uuid(),
  /** The scope the tab asks for, e.g. `api://pairwise.example.com/<id>/access_as_user`. */
  apiScope: z.string().min(1),
  /** Authority for the local sign-in outside Teams (present only when local sign-in is enabled). */
  localSignIn: z.union([z.object({ authority: z.url(), tenantId: z.uuid() }), z.null()]),
  teamsAppId: z.uuid().nullable(),
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;
