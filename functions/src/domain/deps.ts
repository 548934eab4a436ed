import { type LevelSource } from './levels/level-mapping';
import { type CalendarReach, type WorkingHours } from './model';
import { type WorkQueues } from './pairings/ports';
import { type Clock, type IdGenerator, type Repositories } from './ports';
import { type RoundPlanner } from './rounds/planner';

/** A person as the directory (Graph) describes them, before a program's level mapping is applied. */
export interface DirectoryPerson {
  userId: string;
  displayName: string;
  jobTitle: string | null;
  department: string | null;
  managerId: string | null;
  managerChain: string[];
  hireDate: string | null;
  timeZone: string | null;
  workingHours: WorkingHours | null;
  /** Whether their Outlook calendar can be reached (a mailbox, inside the app's access scope). */
  calendar: CalendarReach;
  preferredLanguage: string | null;
  levelSource: LevelSource;
  /** False when the account is disabled in Entra: the person leaves their programs at the next sync. */
  accountEnabled: boolean;
}

/** The directory port (app-only Graph in production, the tenant simulator locally, a fake in unit tests). */
export interface Directory {
  getPerson(tenantId: string, userId: string): Promise<DirectoryPerson | null>;
  /** Several people at once (the sync); people the directory does not know are absent from the map. */
  getPeople(tenantId: string, userIds: string[]): Promise<Map<string, DirectoryPerson>>;
  /**
   * Outlook's language of each person's mailbox (`mailboxSettings.language.locale`). Graph has no bulk read of it
   * (`$select=mailboxSettings` works on one user, not on a listing), so each person costs one request, sent in
   * `$batch`es: the sync asks only for readings that are missing or a month old. Absent from the map: not read this
   * time (throttled, unavailable); null: no language set, or no mailbox Pairwise may read.
   */
  getMailboxLanguages(tenantId: string, userIds: readonly string[]): Promise<Map<string, string | null>>;
}

/** Everything the application services need, wired once in composition.ts. */
export interface Deps {
  repos: Repositories;
  directory: Directory;
  /** The lifecycle's work queues: booking, calendar actions, notifications. */
  queues: WorkQueues;
  planner: RoundPlanner;
  clock: Clock;
  newId: IdGenerator;
}
