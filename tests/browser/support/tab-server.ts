import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

import { mockTeamsHostPage, nonTeamsFramePage } from './mock-teams-host';

export const TAB_DIST = join(__dirname, '..', '..', '..', 'tabs', 'dist');

export interface ApiRequest {
  method: string;
  /** Path after `/api/`, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}
export interface ApiAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Delay the answer (to observe loading states). */
  delayMs?: number;
}
export type ApiHandler = (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer>;

export interface TabServer {
  baseUrl: string;
  /** Every API call the tab made, as "METHOD path". */
  calls: string[];
  setApi(handler: ApiHandler): void;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * The built tab (tabs/dist) on a loopback port with the API answered by the test, plus two helper pages: a mock
 * Teams host that frames the tab and speaks the teams-js postMessage protocol, and a plain non-Teams frame.
 */
export async function startTabServer(api: ApiHandler): Promise<TabServer> {
  if (!existsSync(join(TAB_DIST, 'index.html'))) {
    throw new Error(
      'tabs/dist is missing: run `npm run build:tabs` first (npm test and npm run test:browser do it).',
    );
  }
  let handler = api;
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api/')) {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const text = Buffer.concat(chunks).toString('utf8');
        const path = url.pathname.slice('/api/'.length);
        calls.push(`${req.method ?? 'GET'} ${path}`);
        const answer = await handler({
          method: req.method ?? 'GET',
          path,
          query: url.searchParams,
          headers: req.headers,
          body: text ? (JSON.parse(text) as unknown) : undefined,
        });
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
        const isText = typeof answer.body === 'string';
        res.writeHead(answer.status, {
          'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
          ...answer.headers,
        });
        res.end(
          answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body),
        );
        return;
      }
      if (url.pathname === '/__teams-host.html') {
        res.writeHead(200, { 'content-type': TYPES['.html']! });
        res.end(mockTeamsHostPage());
        return;
      }
      if (url.pathname === '/__frame.html') {
        res.writeHead(200, { 'content-type': TYPES['.html']! });
        res.end(nonTeamsFramePage());
        return;
      }
      const file = normalize(join(TAB_DIST, url.pathname === '/' ? 'index.html' : url.pathname));
      const inside = file.startsWith(TAB_DIST) && existsSync(file) && !file.endsWith('/');
      const target = inside ? file : join(TAB_DIST, 'index.html');
      const content = readFileSync(target);
      res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
      res.end(content);
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    calls,
    setApi(next) {
      handler = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
