import { containerDefinitions } from '../../functions/src/adapters/cosmos/containers';
import { createMemoryRepositories } from '../../functions/src/adapters/cosmos/memory-document-store';
import { ConfigError, loadConfig } from '../../functions/src/config';
import { recordAudit } from '../../functions/src/domain/audit';
import { withRetention } from '../../functions/src/domain/retention';
import { emptyWorkspace } from '../../functions/src/domain/workspace/workspace';
import { pairingDoc } from '../../functions/src/testing/lifecycle-fixtures';

const retention = { auditDays: 30, feedbackDays: 60, endedPairingDays: 90, roundDays: 120 };
const day = 86_400;
const T = '11111111-2222-4333-8444-555555555555';

describe('retention', () => {
  it('stamps every write with the ttl the policy gives it; a live pairing keeps none', async () => {
    const repos = withRetention(createMemoryRepositories(), retention);
    const now = new Date('2027-03-01T08:00:00Z');
    await recordAudit({ repos, clock: () => now, newId: () => 'a-1' }, { tenantId: T, userId: 'u' }, 'x');
    expect((await repos.audit.get(T, 'a-1'))?.doc.ttl).toBe(30 * day);

    const live = { ...pairingDoc(now, 'p1', ['ana', 'bo']), tenantId: T };
    await repos.pairings.create(live);
    expect((await repos.pairings.get(T, 'p1'))?.doc.ttl).toBeUndefined();
    const ended = await repos.pairings.replace({ ...live, state: 'ended' });
    expect(ended.doc.ttl).toBe(90 * day);
    // Brought back to life (an admin re-book): the ttl goes again.
    expect((await repos.pairings.replace({ ...ended.doc, state: 'proposed' })).doc.ttl).toBeUndefined();

    const feedback = await repos.feedback.upsert({
      id: 'p1.ana',
      tenantId: T,
      programId: 'pr',
      roundId: 'r',
      pairingId: 'p1',
      userId: 'ana',
      met: true,
      rating: 5,
      comment: '',
      submittedAt: now.toISOString(),
    });
    expect(feedback.doc.ttl).toBe(60 * day);

    // A workspace and a member's private notes expire as an ended pairing does, counted from their last change.
    const workspace = await repos.workspaces.upsert(emptyWorkspace({ ...live, id: 'p1' }, now.toISOString()));
    expect(workspace.doc.ttl).toBe(90 * day);
  });

  it('turns Cosmos TTL on (no container-wide expiry) exactly where the policy sets one', () => {
    expect(
      containerDefinitions
        .filter((c) => 'defaultTtl' in c)
        .map((c) => [c.id, (c as { defaultTtl: number }).defaultTtl]),
    ).toEqual([
      ['rounds', -1],
      ['pairings', -1],
      ['feedback', -1],
      ['audit', -1],
      // The rate-limit counters in `leases` expire by their own `ttl` (issue 15's limits).
      ['leases', -1],
      ['workspaces', -1],
    ]);
  });

  it('is configurable, validated, with the documented defaults', () => {
    const valid = {
      COSMOS_ENDPOINT: 'https://pairwise.documents.azure.com:443/',
      AzureWebJobsStorage__queueServiceUri: 'https://pairwise.queue.core.windows.net',
      API_CLIENT_ID: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      ALLOWED_TENANT_IDS: T,
      GRAPH_FEDERATED_IDENTITY_CLIENT_ID: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      TAB_BASE_URL: 'https://pairwise.example.com',
    };
    expect(loadConfig(valid)).toMatchObject({
      RETENTION_AUDIT_DAYS: 400,
      RETENTION_FEEDBACK_DAYS: 730,
      RETENTION_ENDED_PAIRING_DAYS: 365,
      RETENTION_ROUND_DAYS: 365,
    });
    expect(loadConfig({ ...valid, RETENTION_AUDIT_DAYS: '90' }).RETENTION_AUDIT_DAYS).toBe(90);
    expect(() => loadConfig({ ...valid, RETENTION_FEEDBACK_DAYS: '5' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...valid, RETENTION_ROUND_DAYS: 'forever' })).toThrow(/RETENTION_ROUND_DAYS/);
  });
});
