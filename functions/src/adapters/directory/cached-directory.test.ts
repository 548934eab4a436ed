import { type Directory, type DirectoryPerson } from '../../domain/deps';
import { CachedDirectory } from './cached-directory';

const person = (userId: string, department: string): DirectoryPerson => ({
  userId,
  displayName: userId,
  jobTitle: null,
  department,
  managerId: null,
  managerChain: [],
  hireDate: null,
  timeZone: null,
  workingHours: null,
  calendar: 'reachable',
  preferredLanguage: null,
  levelSource: { jobTitle: null, attributes: {} },
  accountEnabled: true,
});

describe('CachedDirectory', () => {
  it('serves repeated reads from memory until the TTL runs out, per tenant', async () => {
    let department = 'Sales';
    let reads = 0;
    const inner: Directory = {
      getPerson: (_t, id) => {
        reads++;
        return Promise.resolve(id === 'ghost' ? null : person(id, department));
      },
      getPeople: (_t, ids) => Promise.resolve(new Map(ids.map((id) => [id, person(id, department)]))),
      getMailboxLanguages: () => Promise.resolve(new Map()),
    };
    let now = 0;
    const cached = new CachedDirectory(inner, 1000, 2, () => now);
    expect((await cached.getPerson('t1', 'u1'))?.department).toBe('Sales');
    department = 'Legal';
    expect((await cached.getPerson('t1', 'u1'))?.department).toBe('Sales');
    expect(reads).toBe(1);
    expect((await cached.getPerson('t2', 'u1'))?.department).toBe('Legal');
    now = 1001;
    expect((await cached.getPerson('t1', 'u1'))?.department).toBe('Legal');
    expect(await cached.getPerson('t1', 'ghost')).toBeNull();
    expect(await cached.getPerson('t1', 'ghost')).toBeNull();
    expect(reads).toBe(5);

    // The sync reads fresh and refreshes what is cached.
    department = 'Finance';
    await cached.getPeople('t1', ['u1']);
    expect((await cached.getPerson('t1', 'u1'))?.department).toBe('Finance');
    expect(reads).toBe(5);
  });
});
