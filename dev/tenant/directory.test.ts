import { DateTime } from 'luxon';

import { seedDirectory } from './directory';

const today = DateTime.fromISO('2026-03-02T00:00:00Z', { zone: 'UTC' });

describe('seedDirectory', () => {
  it('is deterministic for the same seed and size, and different for another seed', () => {
    const a = seedDirectory({ seed: 's1', size: 300, today });
    const b = seedDirectory({ seed: 's1', size: 300, today });
    const c = seedDirectory({ seed: 's2', size: 300, today });
    expect(b.users).toEqual(a.users);
    expect(c.users.map((u) => u.id)).not.toEqual(a.users.map((u) => u.id));
  });

  it.each([12, 300, 1000])('makes exactly %i people with unique ids and addresses', (size) => {
    const d = seedDirectory({ seed: 'x', size, today });
    expect(d.users).toHaveLength(size);
    expect(new Set(d.users.map((u) => u.id)).size).toBe(size);
    expect(new Set(d.users.map((u) => u.userPrincipalName)).size).toBe(size);
    expect(
      d.users.every(
        (u) => u.userPrincipalName.endsWith('@contoso.example') && u.mail === u.userPrincipalName,
      ),
    ).toBe(true);
  });

  it('has one CEO, managers that exist, no cycles, and one admin in People', () => {
    const d = seedDirectory({ seed: 'org', size: 400, today });
    const roots = d.users.filter((u) => u.managerId === null);
    expect(roots).toHaveLength(1);
    for (const u of d.users) {
      const seen = new Set<string>();
      for (let cur = u; cur.managerId; cur = d.byId.get(cur.managerId)!) {
        expect(seen.has(cur.id)).toBe(false);
        seen.add(cur.id);
        expect(d.byId.has(cur.managerId)).toBe(true);
      }
    }
    const admins = d.users.filter((u) => u.appRoles.includes('Pairwise.Admin'));
    expect(admins).toEqual([d.admin]);
    expect(d.admin.department).toBe('People');
  });

  it('spreads people over departments, levels L1–L7, ≥5 time zones incl. India (+5:30), and has new joiners', () => {
    const d = seedDirectory({ seed: 'mix', size: 300, today });
    expect(new Set(d.users.map((u) => u.department)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(d.users.map((u) => u.level))).toEqual(new Set(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']));
    expect(d.users.every((u) => u.onPremisesExtensionAttributes.extensionAttribute1 === u.level)).toBe(true);
    const zones = new Set(d.users.map((u) => u.timeZone));
    expect(zones.size).toBeGreaterThanOrEqual(5);
    expect(zones).toContain('India Standard Time');
    expect(zones).toContain('AUS Eastern Standard Time');
    const recent = d.users.filter((u) => DateTime.fromISO(u.employeeHireDate) > today.minus({ days: 46 }));
    expect(recent.length).toBeGreaterThan(0);
  });

  it('seeds 10,000 people quickly', () => {
    const started = performance.now();
    const d = seedDirectory({ seed: 'big', size: 10_000, today });
    expect(d.users).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
