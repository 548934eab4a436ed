import { createHash } from 'node:crypto';

import { AppError } from '../../errors';

/** A person's photo as Pairwise serves it: bytes, their media type and a strong etag derived from the bytes. */
export interface PhotoBytes {
  bytes: Uint8Array;
  contentType: string;
  etag: string;
}

export interface GraphProfilePhotosOptions {
  /** `GRAPH_BASE_URL` (origin; `/v1.0` is added). */
  baseUrl: string;
  /** App-only bearer token for the tenant (`GraphAccess.acquireToken`). */
  getToken: (tenantId: string) => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /**
   * The HD size asked first. An avatar is at most 64 px on screen (128 px at 2x), so 120x120 keeps the bytes small;
   * a person whose uploaded photo is smaller than that has no such size, and the largest available one is read instead.
   */
  preferredSize?: string;
  /** Graph accepts uploads up to 4 MB; anything larger is not a profile photo we want to relay. */
  maxBytes?: number;
}

const imageTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

type Attempt = { kind: 'photo'; photo: PhotoBytes } | { kind: 'missing' };

/**
 * Reads a user's profile photo app-only (`profilephoto-get.md`, application permission User.Read.All, which the app
 * already holds for the directory). 404 means "no photo" (Graph's `ImageNotFound`) and is not an error.
 *
 * Plain fetch, not the Graph SDK client: the SDK parses bodies as JSON unless told otherwise and retries 429s on
 * its own; a photo is optional decoration, so one attempt with a short timeout and a clear outcome is what we want.
 */
export class GraphProfilePhotos {
  private readonly root: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: GraphProfilePhotosOptions) {
    this.root = `${new URL(options.baseUrl).origin}/v1.0`;
    this.doFetch = options.fetch ?? fetch;
  }

  async read(tenantId: string, userId: string): Promise<PhotoBytes | null> {
    const user = encodeURIComponent(userId);
    const preferred = await this.attempt(
      tenantId,
      `/users/${user}/photos/${this.options.preferredSize ?? '120x120'}/$value`,
    );
    if (preferred.kind === 'photo') return preferred.photo;
    const largest = await this.attempt(tenantId, `/users/${user}/photo/$value`);
    return largest.kind === 'photo' ? largest.photo : null;
  }

  private async attempt(tenantId: string, path: string): Promise<Attempt> {
    const token = await this.options.getToken(tenantId);
    let response: Response;
    let body: ArrayBuffer;
    try {
      response = await this.doFetch(`${this.root}${path}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'image/*' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      body = await response.arrayBuffer();
    } catch (e) {
      throw new AppError('unavailable', 'Profile photos cannot be read right now; try again shortly.', {
        code: 'photo_unavailable',
        retryAfterSeconds: 5,
        cause: e,
      });
    }
    if (response.status === 404) return { kind: 'missing' };
    if (response.status === 429 || response.status === 503 || response.status === 504) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new AppError(
        response.status === 429 ? 'throttled' : 'unavailable',
        'Profile photos are busy; try again shortly.',
        {
          code: 'photo_unavailable',
          retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 5,
        },
      );
    }
    if (!response.ok) {
      // 401/403 here means the app lost its consent; the status is logged by withErrors, never Graph's message.
      throw new AppError('upstream', 'Profile photos could not be read.', {
        code: `photo_graph_${response.status}`,
      });
    }
    const contentType =
      (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (
      !imageTypes.has(contentType) ||
      body.byteLength === 0 ||
      body.byteLength > (this.options.maxBytes ?? 4 * 1024 * 1024)
    ) {
      throw new AppError('upstream', 'Graph answered with something that is not a profile photo.', {
        code: 'photo_not_image',
      });
    }
    const bytes = new Uint8Array(body);
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
    return { kind: 'photo', photo: { bytes, contentType, etag } };
  }
}
