import { type Client } from '@microsoft/microsoft-graph-client';

import { isAppError } from '../../errors';
import { GraphSignInNames } from './graph-sign-in-names';

/** A Graph client answering `/users/{id}` from a table; records each request path and $select. */
function fakeClient(answers: Record<string, unknown>) {
  const requests: string[] = [];
  const client = {
    api: (path: string) => {
      let select = '';
      const request = {
        select: (fields: string) => {
          select = fields;
          return request;
        },
        get: () => {
          requests.push(`${path}?$select=${select}`);
          const answer = answers[path];
          return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
        },
      };
      return request;
    },
  } as unknown as Pick<Client, 'api'>;
  return { client, requests };
}

const graphError = (statusCode: number) => Object.assign(new Error(`graph ${statusCode}`), { statusCode });

describe('GraphSignInNames', () => {
  it('reads only the user principal name, and answers again from memory until it expires', async () => {
    const { client, requests } = fakeClient({ '/users/u1': { userPrincipalName: 'ada@contoso.example' } });
    let now = 0;
    const names = new GraphSignInNames(() => client, { ttlMs: 1000, maxEntries: 10, now: () => now });
    expect(await names.signInNameOf('t', 'u1')).toBe('ada@contoso.example');
    expect(await names.signInNameOf('t', 'u1')).toBe('ada@contoso.example');
    expect(requests).toEqual(['/users/u1?$select=userPrincipalName']);
    now = 1001;
    await names.signInNameOf('t', 'u1');
    expect(requests).toHaveLength(2);
    // Another tenant's person with the same id is another entry.
    await names.signInNameOf('t2', 'u1');
    expect(requests).toHaveLength(3);
  });

  it.each<[string, unknown, string | null]>([
    ['a person the directory does not know (404)', graphError(404), null],
    ['an answer without a UPN', { id: 'u1' }, null],
    ['an empty UPN', { userPrincipalName: '  ' }, null],
  ])('answers null for %s', async (_name, answer, expected) => {
    const { client } = fakeClient({ '/users/u1': answer });
    expect(await new GraphSignInNames(() => client).signInNameOf('t', 'u1')).toBe(expected);
  });

  it.each<[number, string]>([
    [429, 'throttled'],
    [503, 'upstream'],
  ])('turns Graph %d into AppError %s, and keeps nothing in memory', async (status, kind) => {
    const answers: Record<string, unknown> = { '/users/u1': graphError(status) };
    const { client, requests } = fakeClient(answers);
    const names = new GraphSignInNames(() => client);
    const error = await names.signInNameOf('t', 'u1').catch((e: unknown) => e);
    expect(isAppError(error) && error.kind).toBe(kind);
    answers['/users/u1'] = { userPrincipalName: 'ada@contoso.example' };
    expect(await names.signInNameOf('t', 'u1')).toBe('ada@contoso.example');
    expect(requests).toHaveLength(2);
  });

  it('keeps at most maxEntries people, dropping the oldest', async () => {
    const { client, requests } = fakeClient({
      '/users/a': { userPrincipalName: 'a@x' },
      '/users/b': { userPrincipalName: 'b@x' },
      '/users/c': { userPrincipalName: 'c@x' },
    });
    const names = new GraphSignInNames(() => client, { ttlMs: 60_000, maxEntries: 2, now: () => 0 });
    for (const id of ['a', 'b', 'c', 'c', 'b', 'a']) await names.signInNameOf('t', id);
    expect(requests.map((r) => r.split('?')[0])).toEqual(['/users/a', '/users/b', '/users/c', '/users/a']);
  });
});
