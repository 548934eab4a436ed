import { DateTime } from 'luxon';

import { findRecipient, findUserByKey, seedDirectory } from './directory';
import { demoRealism, idealRealism } from './realism';

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
    expect(new Set(d.users.map((u) => u.mail)).size).toBe(size);
    expect(d.users.every((u) => u.userPrincipalName.endsWith('@contoso.example'))).toBe(true);
    expect(d.users.every((u) => (u.mail === u.userPrincipalName) === !u.upnDiffersFromMail)).toBe(true);
    // Every address (UPN, primary SMTP, alias) belongs to one person only.
    const addresses = d.users.flatMap((u) => [
      u.userPrincipalName,
      ...u.proxyAddresses.map((p) => p.slice(5)),
    ]);
    const owners = new Map<string, Set<string>>();
    d.users.forEach((u, i) =>
      [u.userPrincipalName, ...u.proxyAddresses.map((p) => p.slice(5))].forEach((a) =>
        owners.set(a.toLowerCase(), (owners.get(a.toLowerCase()) ?? new Set()).add(String(i))),
      ),
    );
    expect(addresses.length).toBeGreaterThan(size);
    expect([...owners.values()].every((o) => o.size === 1)).toBe(true);
  });

  it('gives each person a primary SMTP proxy address equal to mail, and an alias on the initial domain', () => {
    const d = seedDirectory({ seed: 'proxy', size: 200, today });
    for (const u of d.users) {
      expect(u.proxyAddresses[0]).toBe(`SMTP:${u.mail}`);
      expect(u.proxyAddresses.filter((p) => p.startsWith('SMTP:'))).toHaveLength(1);
      expect(u.proxyAddresses.slice(1).every((p) => p.startsWith('smtp:'))).toBe(true);
    }
  });

  it('resolves URL keys by id or UPN only, and recipients by SMTP proxy address only', () => {
    const d = seedDirectory({ seed: 'keys', size: 300, today });
    const odd = d.users.find((u) => u.upnDiffersFromMail)!;
    expect(findUserByKey(d, odd.id)).toBe(odd);
    expect(findUserByKey(d, odd.userPrincipalName.toUpperCase())).toBe(odd);
    expect(findUserByKey(d, odd.mail)).toBeUndefined();
    expect(findRecipient(d, odd.mail.toUpperCase())).toBe(odd);
    expect(findRecipient(d, odd.proxyAddresses[1]!.slice(5))).toBe(odd);
    expect(findRecipient(d, odd.userPrincipalName)).toBeUndefined();
  });

  it('keeps the clean directory (names, org, calendars) whatever the quirk shares, and picks quirks per person', () => {
    const demo = seedDirectory({ seed: 'q', size: 2000, today });
    const ideal = seedDirectory({ seed: 'q', size: 2000, today, realism: idealRealism });
    expect(ideal.users.map((u) => [u.id, u.mail, u.managerId, u.timeZone])).toEqual(
      demo.users.map((u) => [u.id, u.mail, u.managerId, u.timeZone]),
    );
    expect(ideal.users.every((u) => u.mail === u.userPrincipalName && u.hasMailbox && u.inAppScope)).toBe(
      true,
    );
    expect(ideal.users.every((u) => u.appInstalled && !u.hasCustomTimeZone)).toBe(true);
    const share = (pick: (u: (typeof demo.users)[number]) => boolean): number =>
      demo.users.filter(pick).length / demo.users.length;
    expect(share((u) => u.upnDiffersFromMail)).toBeCloseTo(demoRealism.upnDiffersFromMail, 1);
    expect(share((u) => !u.hasMailbox)).toBeCloseTo(demoRealism.withoutMailbox, 1);
    expect(share((u) => !u.inAppScope)).toBeCloseTo(demoRealism.outsideAppScope, 1);
    expect(share((u) => u.hasCustomTimeZone)).toBeCloseTo(demoRealism.customTimeZone, 1);
    expect(share((u) => !u.appInstalled)).toBeCloseTo(demoRealism.withoutTeamsApp, 1);
    for (const ideal of [demo.admin, demo.users[0]!])
      expect(ideal).toMatchObject({ hasMailbox: true, inAppScope: true, appInstalled: true });
    const more = seedDirectory({
      seed: 'q',
      size: 2000,
      today,
      realism: { ...demoRealism, withoutMailbox: 0.5 },
    });
    // Raising one share only adds people to that quirk; nobody else's picks move.
    expect(demo.users.every((u, i) => u.hasMailbox || !more.users[i]!.hasMailbox)).toBe(true);
    expect(more.users.map((u) => u.upnDiffersFromMail)).toEqual(demo.users.map((u) => u.upnDiffersFromMail));
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

  it('varies languages as a multinational directory does: regional variants, gaps, and Outlook ≠ directory', () => {
    const d = seedDirectory({ seed: 'languages', size: 1000, today });
    const mailbox = new Set(d.users.map((u) => u.mailboxLocale));
    const directory = new Set(d.users.map((u) => u.preferredLanguage));
    for (const tag of ['de-DE', 'fr-FR', 'de-CH', 'fr-CA', 'es-ES', null]) {
      expect(mailbox).toContain(tag);
      expect(directory).toContain(tag);
    }
    const share = (n: number) => n / d.users.length;
    expect(share(d.users.filter((u) => u.preferredLanguage === null).length)).toBeGreaterThan(0.05);
    expect(share(d.users.filter((u) => u.mailboxLocale === null).length)).toBeGreaterThan(0.05);
    // Some read Outlook in one language while the directory says another.
    const differing = d.users.filter(
      (u) => u.mailboxLocale && u.preferredLanguage && u.mailboxLocale !== u.preferredLanguage,
    );
    expect(differing.length).toBeGreaterThan(10);
  });

  it('seeds 10,000 people quickly', () => {
    const started = performance.now();
    const d = seedDirectory({ seed: 'big', size: 10_000, today });
    expect(d.users).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
