import { HttpRequest, InvocationContext } from '@azure/functions';

import { healthFunction } from './health';

const request = new HttpRequest({ method: 'GET', url: 'http://localhost/api/health' });
const ok = () => Promise.resolve();

describe('GET /api/health', () => {
  it('answers 200 with every dependency up', async () => {
    const fn = healthFunction(() => ({ cosmos: ok, storage: ok, graph: ok, identity: ok }));
    const response = await fn.handler(request, new InvocationContext());
    expect(response.status).toBe(200);
    const body = response.jsonBody as { status: string; dependencies: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.dependencies).sort()).toEqual(['cosmos', 'graph', 'identity', 'storage']);
    expect(Object.values(body.dependencies).every((d) => d.status === 'up')).toBe(true);
  });

  it('answers 503 naming the dependency that is down, without its message', async () => {
    const fn = healthFunction(() => ({
      cosmos: ok,
      storage: () => Promise.reject(new TypeError('connect ECONNREFUSED user@example.com')),
      graph: ok,
      identity: ok,
    }));
    const response = await fn.handler(request, new InvocationContext());
    expect(response.status).toBe(503);
    const body = response.jsonBody as { dependencies: Record<string, { status: string; reason?: string }> };
    expect(body.dependencies.storage).toMatchObject({ status: 'down', reason: 'TypeError' });
    expect(JSON.stringify(body)).not.toContain('example.com');
  });
});
