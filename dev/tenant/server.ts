import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';

import { handleControl, type TenantControl } from './control';
import { type GraphState, handleGraph } from './graph/router';
import { type SimRequest, type SimResponse } from './http-types';
import {
  aadError,
  authorizeEndpoint,
  corsHeaders,
  type IdentityState,
  jwksResponse,
  logoutEndpoint,
  openIdConfiguration,
  resolveTenant,
  tokenEndpoint,
} from './identity';

const maxBody = 4 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        reject(new Error('payload too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string): { body: unknown; ok: boolean } {
  if (raw === '') return { body: undefined, ok: true };
  if (contentType.includes('application/x-www-form-urlencoded'))
    return { body: Object.fromEntries(new URLSearchParams(raw)), ok: true };
  try {
    return { body: JSON.parse(raw) as unknown, ok: true };
  } catch {
    return { body: undefined, ok: false };
  }
}

export interface ServerContext {
  identity: IdentityState;
  graph: GraphState;
  control: TenantControl;
  summary: () => Record<string, unknown>;
}

async function dispatch(ctx: ServerContext, req: SimRequest, bodyOk: boolean): Promise<SimResponse> {
  const path = req.path;
  if (path.startsWith('/_simulator')) return handleControl(ctx.control, req, ctx.summary);
  if (/^\/(v1\.0|beta)(\/|$)/i.test(path)) {
    if (req.method === 'OPTIONS')
      return {
        status: 204,
        headers: { ...corsHeaders, 'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS' },
      };
    if (!bodyOk) {
      return {
        status: 400,
        headers: { 'Content-Type': 'application/json' },
        body: {
          error: {
            code: 'BadRequest',
            message:
              'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
          },
        },
      };
    }
    return handleGraph(ctx.graph, req);
  }
  const m =
    /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/(token|authorize|logout))$/.exec(
      path,
    );
  if (m) {
    const tenantSegment = decodeURIComponent(m[1] ?? '');
    if (req.method === 'OPTIONS') return { status: 204, headers: { ...corsHeaders } };
    if (!resolveTenant(ctx.identity, tenantSegment)) {
      return aadError(
        400,
        'invalid_tenant',
        90002,
        `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    const what = m[2] ?? '';
    if (what.endsWith('openid-configuration') && req.method === 'GET')
      return openIdConfiguration(ctx.identity, req.origin);
    if (what.endsWith('keys') && req.method === 'GET') return jwksResponse(ctx.identity);
    if (what.endsWith('token') && req.method === 'POST') {
      ctx.graph.counters.count('POST', '/{tenant}/oauth2/v2.0/token');
      const fault = ctx.graph.faults.decide('POST', path, '/{tenant}/oauth2/v2.0/token');
      if (fault && fault.fault !== 'delay') {
        if (fault.fault === 'timeout') return { status: 504, headers: {}, dropConnection: true };
        return aadError(
          fault.fault === 429 ? 429 : 503,
          'temporarily_unavailable',
          90033,
          'A transient error has occurred (injected by the tenant simulator). Please try again.',
          { 'Retry-After': String(fault.retryAfterSeconds) },
        );
      }
      return tokenEndpoint(ctx.identity, req);
    }
    if (what.endsWith('authorize') && (req.method === 'GET' || req.method === 'POST'))
      return authorizeEndpoint(ctx.identity, req);
    if (what.endsWith('logout')) return logoutEndpoint(req);
    return { status: 405, headers: {} };
  }
  if (path === '/' && req.method === 'GET') {
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: {
        name: 'Pairwise local tenant simulator',
        tenantId: ctx.identity.tenantId,
        graph: `${req.origin}/v1.0`,
        openIdConfiguration: `${req.origin}/${ctx.identity.tenantId}/v2.0/.well-known/openid-configuration`,
      },
    };
  }
  return {
    status: 404,
    headers: { 'Content-Type': 'application/json' },
    body: { error: { code: 'NotFound', message: `No such endpoint: ${req.method} ${path}` } },
  };
}

export function createTenantServer(ctx: ServerContext, tls: { cert: string; key: string }): Server {
  const server = createServer(
    { cert: tls.cert, key: tls.key, keepAlive: true },
    (req: IncomingMessage, res: ServerResponse) => {
      void (async () => {
        try {
          const raw = await readBody(req);
          const host = req.headers.host ?? `127.0.0.1`;
          const origin = `https://${host}`;
          const url = new URL(req.url ?? '/', origin);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(req.headers))
            if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          const parsed = parseBody(raw, headers['content-type'] ?? '');
          const simReq: SimRequest = {
            method: (req.method ?? 'GET').toUpperCase(),
            path: url.pathname,
            query: url.searchParams,
            headers,
            body: parsed.body,
            rawBody: raw,
            origin,
            remoteAddress: req.socket.remoteAddress ?? '',
          };
          const result = await dispatch(ctx, simReq, parsed.ok);
          if (result.dropConnection) {
            req.socket.destroy();
            return;
          }
          send(res, result, simReq);
        } catch {
          if (!res.headersSent) {
            res.writeHead(500, { 'Content-Type': 'application/json' });
            res.end(
              JSON.stringify({ error: { code: 'generalException', message: 'Internal simulator error.' } }),
            );
          }
        }
      })();
    },
  );
  server.keepAliveTimeout = 5000;
  return server;
}

function send(res: ServerResponse, result: SimResponse, req: SimRequest): void {
  const headers: Record<string, string> = { ...result.headers };
  if (/^\/(v1\.0|beta)(\/|$)/i.test(req.path)) {
    const requestId = crypto.randomUUID();
    headers['request-id'] = requestId;
    headers['client-request-id'] = req.headers['client-request-id'] ?? requestId;
    headers['x-ms-ags-diagnostic'] = JSON.stringify({
      ServerInfo: {
        DataCenter: 'Local',
        Slice: 'E',
        Ring: '0',
        ScaleUnit: '000',
        RoleInstance: 'tenant-simulator',
      },
    });
    headers['OData-Version'] = '4.0';
    headers['Access-Control-Allow-Origin'] = '*';
    headers['Access-Control-Expose-Headers'] =
      'request-id, client-request-id, Retry-After, Location, Preference-Applied';
  }
  let payload: string | Buffer | undefined;
  if (result.body !== undefined)
    payload =
      typeof result.body === 'string' || Buffer.isBuffer(result.body)
        ? result.body
        : JSON.stringify(result.body);
  if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['Content-Type'] = 'application/json';
  res.writeHead(result.status, headers);
  res.end(payload);
}
