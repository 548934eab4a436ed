import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

import { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';

import { type HttpFunctionDefinition } from '../../functions/src/function-registry';
import { compileRoutes, matchRoute } from './route-table';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The security headers Front Door adds in Azure (infra/app/front-door-routes.bicep), from the same file: the tab is
 * served locally exactly as framed in production (CSP frame-ancestors = the Microsoft hosts), so a tab change that
 * needs another ancestor shows up here first. HSTS over plain http is ignored by browsers (RFC 6797 §8.1).
 */
export const securityHeaders = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'infra', 'tab-security-headers.json'), 'utf8')) as {
    headers: Record<string, string>;
  }
).headers;
const lowerCaseSecurityHeaders = Object.fromEntries(
  Object.entries(securityHeaders).map(([name, value]) => [name.toLowerCase(), value]),
);

/** The host's request size cap is larger; our own handlers enforce 64 KB, this only bounds memory. */
const maxRequestBytes = 4 * 1024 * 1024;

export interface LocalHttpServerOptions {
  port: number;
  host?: string;
  routePrefix: string;
  functions: HttpFunctionDefinition[];
  /** The built tab, served at `/` with a fallback to index.html for client-side routes. */
  staticDir?: string;
  /** `POST /admin/functions/{name}`: fires a timer now, like the host's admin endpoint. */
  fireTimer: (name: string) => Promise<void>;
  log: (line: string) => void;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxRequestBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxRequestBytes ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function serveStatic(staticDir: string, pathname: string, res: ServerResponse): void {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = join(staticDir, relative);
  if (!file.startsWith(staticDir + sep) && file !== staticDir) {
    sendJson(res, 400, { error: { code: 'bad_path', message: 'Bad path' } });
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) {
    // Client-side routes fall back to the app shell; missing assets are a plain 404.
    if (extname(relative)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found');
      return;
    }
    file = join(staticDir, 'index.html');
  }
  const isHtml = file.endsWith('.html');
  res.writeHead(200, {
    ...lowerCaseSecurityHeaders,
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'cache-control': isHtml ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  createReadStream(file).pipe(res);
}

export function startLocalHttpServer(options: LocalHttpServerOptions): Promise<Server> {
  const routes = compileRoutes(options.functions);
  const prefix = `/${options.routePrefix}`;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const method = (req.method ?? 'GET').toUpperCase();

      const admin = /^\/admin\/functions\/([^/]+)$/.exec(url.pathname);
      if (admin && method === 'POST') {
        try {
          await options.fireTimer(decodeURIComponent(admin[1]!));
          res.writeHead(202).end();
        } catch {
          sendJson(res, 404, { error: { code: 'not_found', message: 'No such timer function' } });
        }
        return;
      }

      if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) {
        const match = matchRoute(routes, method, url.pathname.slice(prefix.length));
        if (match === undefined)
          return sendJson(res, 404, { error: { code: 'not_found', message: 'No such route' } });
        if (match === 'method-not-allowed') {
          return sendJson(res, 405, {
            error: { code: 'method_not_allowed', message: `${method} is not allowed here` },
          });
        }
        const body = await readBody(req);
        if (body === 'too-large')
          return sendJson(res, 413, { error: { code: 'payload_too_large', message: 'Body too large' } });
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
        }
        const request = new HttpRequest({
          method,
          url: url.toString(),
          headers,
          query: Object.fromEntries(url.searchParams.entries()),
          params: match.params,
          ...(body.length > 0 ? { body: { bytes: body } } : {}),
        });
        const context = new InvocationContext({
          invocationId: randomUUID(),
          functionName: match.definition.name,
          options: { trigger: { type: 'httpTrigger', name: 'request' } },
        });
        try {
          const response = new HttpResponse(await match.definition.handler(request, context));
          const outHeaders: Record<string, string> = {};
          response.headers.forEach((value, key) => (outHeaders[key] = value));
          // As Front Door does in Azure: the security headers overwrite whatever the function set.
          res.writeHead(response.status, { ...outHeaders, ...lowerCaseSecurityHeaders });
          // As the host does with HTTP streams enabled (functions/src/index.ts): each chunk leaves as it is made.
          if (response.body) {
            for await (const chunk of response.body) {
              if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
            }
          }
          res.end();
        } catch (e) {
          // The real host answers an unhandled exception with a bare 500 too.
          options.log(`http ${match.definition.name} threw: ${e instanceof Error ? e.name : 'error'}`);
          if (!res.headersSent) res.writeHead(500);
          res.end();
        }
        return;
      }

      if (options.staticDir && (method === 'GET' || method === 'HEAD'))
        return serveStatic(options.staticDir, url.pathname, res);
      sendJson(res, 404, { error: { code: 'not_found', message: 'Not found' } });
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // Node drops an idle keep-alive socket after 5 s; a client reusing it at that moment sees ECONNRESET. Azure's
  // front ends keep idle connections for minutes, so the local host does too.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve(server));
  });
}
