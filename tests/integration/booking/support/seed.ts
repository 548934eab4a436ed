// Shared by the booking integration tests and bench/booking*.bench.ts (run by tsx, outside jest): no jest globals here.
import { DateTime } from 'luxon';

import { type BookingMessage } from '../../../../functions/src/contracts/queue';
import {
  type PairingDocument,
  PairingDocumentSchema,
  ParticipantDocumentSchema,
  participantId,
  ProgramDocumentSchema,
} from '../../../../functions/src/domain/model';
import { type Repositories } from '../../../../functions/src/domain/ports';
import { type Pair } from './people';

export type SeedRepositories = Pick<Repositories, 'programs' | 'participants' | 'pairings'>;

export interface SeedRoundOptions {
  tenantId: string;
  programId: string;
  /** The program's name; the series subject starts with it. */
  programName: string;
  roundId: string;
  pairings: ReadonlyArray<{ id: string; people: Pair }>;
  /** Also enrol the members as active participants (the in-memory worker tests do; the bench books without). */
  participants?: boolean;
}

/** A published pairing as a round leaves it for the booking worker: proposed, eight weekly sessions from tomorrow. */
function proposedPairing(
  options: SeedRoundOptions,
  pairing: { id: string; people: Pair },
  today: DateTime,
  stamp: string,
): PairingDocument {
  return PairingDocumentSchema.parse({
    id: pairing.id,
    tenantId: options.tenantId,
    programId: options.programId,
    roundId: options.roundId,
    published: true,
    memberIds: pairing.people.map((u) => u.id),
    members: pairing.people.map((u) => ({
      userId: u.id,
      displayName: u.displayName,
      jobTitle: u.jobTitle,
      department: u.department,
      level: String(u.level),
      levelRank: Number(String(u.level).slice(1)),
      timeZone: u.timeZone,
    })),
    score: 1,
    reasons: [{ kind: 'overlap-hours', data: { hours: 6 } }],
    state: 'proposed',
    cadence: 'weekly',
    sessionMinutes: 30,
    startsOn: today.plus({ days: 1 }).toISODate(),
    endsOn: today.plus({ weeks: 8 }).toISODate(),
    organizerId: null,
    series: null,
    nextSession: null,
    attentionReason: null,
    overridden: false,
    skippedBy: [],
    endRequested: null,
    bookingAttempt: 0,
    createdAt: stamp,
    updatedAt: stamp,
  });
}

/**
 * Stores what a published round leaves for the booking worker — the program (unless it exists), optionally the
 * members as participants, and one proposed pairing per entry — and returns the queue message for each pairing
 * (attempt 0), in order. Writes go 25 at a time.
 */
export async function seedRound(
  repos: SeedRepositories,
  options: SeedRoundOptions,
): Promise<BookingMessage[]> {
  const { tenantId, programId, roundId } = options;
  const today = DateTime.utc().startOf('day');
  const stamp = DateTime.utc().toISO();
  if (!(await repos.programs.get(tenantId, programId))) {
    await repos.programs.create(
      ProgramDocumentSchema.parse({
        id: programId,
        tenantId,
        name: options.programName,
        kind: 'collaborative-learning',
        roundLengthWeeks: 8,
        defaultCadence: 'weekly',
        sessionMinutes: 30,
        schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
        createdAt: stamp,
        updatedAt: stamp,
        createdBy: 'admin',
        status: 'active',
      }),
    );
  }
  const members = options.participants ? options.pairings.flatMap((p) => p.people) : [];
  for (let i = 0; i < members.length; i += 25) {
    await Promise.all(
      members.slice(i, i + 25).map((user) =>
        repos.participants.create(
          ParticipantDocumentSchema.parse({
            id: participantId(programId, user.id),
            tenantId,
            programId,
            userId: user.id,
            status: 'active',
            pausedUntil: null,
            preferences: { goals: ['collaborative-learning'], cadence: 'weekly' },
            enrolledAt: stamp,
            updatedAt: stamp,
            leftAt: null,
            directory: null,
            directorySyncedAt: null,
            searchName: user.displayName.toLowerCase(),
          }),
        ),
      ),
    );
  }
  for (let i = 0; i < options.pairings.length; i += 25) {
    await Promise.all(
      options.pairings
        .slice(i, i + 25)
        .map((pairing) => repos.pairings.create(proposedPairing(options, pairing, today, stamp))),
    );
  }
  return options.pairings.map((p) => ({
    version: 1 as const,
    tenantId,
    programId,
    roundId,
    pairingId: p.id,
    attempt: 0,
  }));
}
