import { type HttpFunctionDefinition } from '../../functions/src/function-registry';
import { compileRoutes, matchRoute } from './route-table';

const fn = (
  name: string,
  route: string,
  methods: HttpFunctionDefinition['methods'] = ['GET'],
): HttpFunctionDefinition => ({
  kind: 'http',
  name,
  route,
  methods,
  handler: () => Promise.resolve({ status: 204 }),
});

const routes = compileRoutes([
  fn('program', 'admin/programs/{programId}', ['GET', 'PUT']),
  fn('program-stats', 'admin/programs/{programId}/stats'),
  fn('programs-new', 'admin/programs/new'),
  fn('enrollment', 'programs/{programId}/enrollment', ['PUT', 'DELETE']),
  fn('files', 'files/{*path}'),
  fn('pairing', 'pairings/{pairingId?}'),
]);

describe('matchRoute', () => {
  it.each([
    ['GET', '/admin/programs/p1', 'program', { programId: 'p1' }],
    ['PUT', '/admin/programs/p1', 'program', { programId: 'p1' }],
    ['GET', '/admin/programs/new', 'programs-new', {}],
    ['GET', '/Admin/Programs/p%201/stats', 'program-stats', { programId: 'p 1' }],
    ['DELETE', '/programs/abc/enrollment', 'enrollment', { programId: 'abc' }],
    ['GET', '/files/a/b/c.txt', 'files', { path: 'a/b/c.txt' }],
    ['GET', '/pairings', 'pairing', {}],
    ['GET', '/pairings/x', 'pairing', { pairingId: 'x' }],
  ])('%s %s → %s', (method, path, name, params) => {
    const match = matchRoute(routes, method, path);
    expect(match).not.toBe('method-not-allowed');
    expect(match && match !== 'method-not-allowed' && match.definition.name).toBe(name);
    expect(match && match !== 'method-not-allowed' && match.params).toEqual(params);
  });

  it('tells a wrong method apart from an unknown path', () => {
    expect(matchRoute(routes, 'POST', '/admin/programs/p1')).toBe('method-not-allowed');
    expect(matchRoute(routes, 'GET', '/nope')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/admin/programs/p1/stats/extra')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/admin/programs/%E0%A4%A')).toBeUndefined();
  });
});
