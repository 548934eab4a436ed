import { chooseOrganizer, chooseOrganizerAmong } from './organizer';

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

describe('chooseOrganizerAmong (groups of three)', () => {
  const junior = { id: 'z', level: 2 };
  const middle = { id: 'm', level: 3 };
  const senior = { id: 'a', level: 5 };
  const unknownLevel = { id: 'y' };

  it.each([
    ['junior-organizes', [senior, middle, junior], 'z', ['m', 'a']],
    ['senior-organizes', [junior, middle, senior], 'a', ['m', 'z']],
    ['junior-organizes', [senior, unknownLevel, junior], 'y', ['z', 'a']],
    [
      'junior-organizes',
      [
        { id: 'c', level: 3 },
        { id: 'b', level: 3 },
        { id: 'd', level: 3 },
      ],
      'b',
      ['c', 'd'],
    ],
    ['first-listed', [senior, junior, middle], 'a', ['z', 'm']],
  ] as const)('%s: %j → %s organizes, %j attend', (policy, people, organizerId, attendeeIds) => {
    const { organizer, attendees } = chooseOrganizerAmong<{ id: string; level?: number }>(
      [people[0], people[1], people[2]],
      policy,
    );
    expect(organizer.id).toBe(organizerId);
    expect(attendees.map((a) => a.id)).toEqual(attendeeIds);
  });

  it('under a level policy, every order of the same three gives the same organizer and attendees', () => {
    const people = [senior, middle, { id: 'n', level: 3 }] as const;
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ] as const;
    const results = orders.map(([i, j, k]) => chooseOrganizerAmong([people[i], people[j], people[k]]));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]!.organizer.id).toBe('m');
  });

  it('agrees with chooseOrganizer for two people', () => {
    expect(chooseOrganizerAmong([senior, junior]).organizer).toBe(chooseOrganizer(senior, junior).organizer);
  });
});
