import { type Container } from '@azure/cosmos';
import { z } from 'zod';

import { buildQuery, CosmosDocumentStore, fieldRef } from './document-store';

const Doc = z.object({ id: z.string(), tenantId: z.string(), n: z.number() });

function dropped(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
}

describe('buildQuery', () => {
  it('always starts with the tenant and parameterises every value', () => {
    expect(
      buildQuery('t1', {
        where: [
          { field: 'programId', op: 'eq', value: "p'1" },
          { field: 'memberIds', op: 'contains', value: 'u1' },
          { field: 'status', op: 'in', values: ['a', 'b'] },
          { field: 'directory', op: 'eq', value: null },
          { field: 'searchName', op: 'includes', value: 'an' },
        ],
        orderBy: { field: 'createdAt', direction: 'desc' },
      }),
    ).toEqual({
      query:
        'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.programId = @p1 AND ARRAY_CONTAINS(c.memberIds, @p2) AND ARRAY_CONTAINS(@p3, c.status) AND (NOT IS_DEFINED(c.directory) OR IS_NULL(c.directory)) AND CONTAINS(c.searchName, @p4) ORDER BY c.createdAt DESC',
      parameters: [
        { name: '@tenantId', value: 't1' },
        { name: '@p1', value: "p'1" },
        { name: '@p2', value: 'u1' },
        { name: '@p3', value: ['a', 'b'] },
        { name: '@p4', value: 'an' },
      ],
    });
  });

  it.each(['a b', 'a.', 'a[0]', '1a', 'a;DROP', 'a..b', ''])('refuses the field %j', (field) => {
    expect(() => fieldRef(field)).toThrow();
  });
});

describe('CosmosDocumentStore transient failures', () => {
  it('retries an idempotent read after a dropped connection, but not a create', async () => {
    let reads = 0;
    let creates = 0;
    const container = {
      item: () => ({
        read: () => {
          reads++;
          return reads === 1
            ? Promise.reject(dropped())
            : Promise.resolve({ statusCode: 200, resource: { id: 'a', tenantId: 't', n: 1 }, etag: '"e"' });
        },
      }),
      items: {
        create: () => {
          creates++;
          return Promise.reject(dropped());
        },
      },
    } as unknown as Container;
    const store = new CosmosDocumentStore(container, Doc, 'The thing');
    await expect(store.get('t', 'a')).resolves.toEqual({
      doc: { id: 'a', tenantId: 't', n: 1 },
      etag: '"e"',
    });
    expect(reads).toBe(2);
    await expect(store.create({ id: 'b', tenantId: 't', n: 2 })).rejects.toMatchObject({
      kind: 'unavailable',
    });
    expect(creates).toBe(1);
  });
});

describe('CosmosDocumentStore invalid documents', () => {
  it('skips and reports a malformed document in a list, without its content', async () => {
    const reports: [string, number][] = [];
    const container = {
      items: {
        query: () => ({
          fetchNext: () =>
            Promise.resolve({
              resources: [
                { id: 'a', tenantId: 't', n: 1, _etag: '"1"' },
                { id: 'b', tenantId: 't', n: 'not a number', _etag: '"2"' },
              ],
              continuationToken: undefined,
            }),
        }),
      },
    } as unknown as Container;
    const store = new CosmosDocumentStore(container, Doc, 'The thing', (what, issues) =>
      reports.push([what, issues]),
    );
    const page = await store.query('t', {});
    expect(page.items).toEqual([{ doc: { id: 'a', tenantId: 't', n: 1 }, etag: '"1"' }]);
    expect(reports).toEqual([['The thing', 1]]);
  });
});
