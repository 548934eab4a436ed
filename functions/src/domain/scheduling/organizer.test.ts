import { chooseOrganizer } from './organizer';

describe('chooseOrganizer', () => {
  const junior = { id: 'z', level: 2 };
  const senior = { id: 'a', level: 5 };
  const peerA = { id: 'a', level: 3 };
  const peerB = { id: 'b', level: 3 };
  const unknownLevel = { id: 'y' };

  it.each([
    ['junior-organizes', junior, senior, 'z'],
    ['junior-organizes', senior, junior, 'z'],
    ['senior-organizes', junior, senior, 'a'],
    ['junior-organizes', peerB, peerA, 'a'],
    ['senior-organizes', peerB, peerA, 'a'],
    ['junior-organizes', senior, unknownLevel, 'y'],
    ['first-listed', senior, junior, 'a'],
  ] as const)('%s: (%j, %j) → %s organizes', (policy, first, second, organizerId) => {
    const { organizer, attendee } = chooseOrganizer<{ id: string; level?: number }>(first, second, policy);
    expect(organizer.id).toBe(organizerId);
    expect(attendee.id).not.toBe(organizerId);
  });

  it('defaults to the junior organizing and is order-independent for peers', () => {
    expect(chooseOrganizer(junior, senior).organizer).toBe(junior);
    expect(chooseOrganizer(peerA, peerB).organizer).toBe(chooseOrganizer(peerB, peerA).organizer);
  });
});
