import { type DependencyName, type Readiness } from '../domain/health/readiness';
import { type HttpFunctionDefinition } from '../function-registry';
import { jsonResponse } from '../http/responses';

const dependencyNames: readonly DependencyName[] = ['cosmos', 'storage', 'graph', 'identity'];

/**
 * `GET /api/health` — liveness: anonymous, always 200 while the process answers, and touches nothing outside it.
 * Each dependency's state is the last readiness result (`unknown` before the first), so a caller still sees the
 * state of cosmos, storage, graph and identity without being able to make us call them.
 */
export function healthFunction(readiness: () => Readiness): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'health',
    route: 'health',
    methods: ['GET'],
    handler: () => {
      const last = readiness().last();
      const dependencies = Object.fromEntries(
        dependencyNames.map((name) => [name, last?.dependencies[name] ?? { status: 'unknown' }]),
      );
      return Promise.resolve(
        jsonResponse(200, { status: 'ok', checkedAt: last?.checkedAt ?? null, dependencies }),
      );
    },
  };
}

/**
 * `GET /api/health/ready` — readiness: 200 when every dependency answers, 503 otherwise. Anonymous (platform probes
 * and `azd` checks have no token), so the live probes behind it run at most once per 30 s per instance, whatever
 * the request rate; the answer says when it was measured (`checkedAt`) and carries no personal data.
 */
export function readinessFunction(readiness: () => Readiness): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'health-ready',
    route: 'health/ready',
    methods: ['GET'],
    handler: async () => {
      const report = await readiness().check();
      return jsonResponse(report.status === 'ok' ? 200 : 503, report);
    },
  };
}
