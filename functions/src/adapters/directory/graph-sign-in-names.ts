import { type Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';

import { type SignInNamePort } from '../../domain/people/peer-chat';
import { AppError } from '../../errors';

const UserSchema = z.object({ userPrincipalName: z.string().nullish() });

/**
 * A person's user principal name, app-only (`GET /users/{id}?$select=userPrincipalName`, User.Read.All, which the
 * app already holds), for the tab's "Chat with …": Teams' chat deep link and `chat.openChat` take a UPN, and Pairwise
 * stores none. Kept in memory for a while per instance (bounded), so pressing the button twice asks Graph once.
 */
export class GraphSignInNames implements SignInNamePort {
  private readonly entries = new Map<string, { name: string | null; expires: number }>();

  constructor(
    private readonly clientFor: (tenantId: string) => Pick<Client, 'api'>,
    private readonly options: { ttlMs: number; maxEntries: number; now: () => number } = {
      ttlMs: 60 * 60_000,
      maxEntries: 5_000,
      now: Date.now,
    },
  ) {}

  async signInNameOf(tenantId: string, userId: string): Promise<string | null> {
    const key = `${tenantId}|${userId}`;
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.options.now()) return hit.name;
    let name: string | null;
    try {
      const user = UserSchema.parse(
        await this.clientFor(tenantId)
          .api(`/users/${encodeURIComponent(userId)}`)
          .select('userPrincipalName')
          .get(),
      );
      name = user.userPrincipalName?.trim() || null;
    } catch (e) {
      const status = (e as { statusCode?: unknown } | null)?.statusCode;
      if (status === 404) {
        name = null;
      } else {
        throw new AppError(
          status === 429 ? 'throttled' : 'upstream',
          'The directory could not be read; try again shortly.',
          { code: status === 429 ? 'throttled' : 'directory_unavailable', retryAfterSeconds: 10, cause: e },
        );
      }
    }
    this.entries.delete(key);
    this.entries.set(key, { name, expires: this.options.now() + this.options.ttlMs });
    // Map order is insertion order: the first key is the least recently stored.
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return name;
  }
}
