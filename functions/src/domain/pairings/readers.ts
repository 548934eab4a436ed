import { type Repositories } from '../ports';
import { ianaNameOf } from '../scheduling/time-zones';
import { ENGLISH, localeFor, type TextLocale } from '../texts';

/** How one person reads a text Pairwise writes for them: their language and their clock (IANA, when known). */
export interface Reader {
  locale: TextLocale;
  timeZone: string | null;
}

export const UNKNOWN_READER: Reader = { locale: ENGLISH, timeZone: null };

/**
 * The readers among a program's members, from their stored directory facts (one query). Someone without an
 * enrollment in the program (erased, never enrolled) is absent: they read English in UTC.
 */
export async function readersOf(
  participants: Repositories['participants'],
  tenantId: string,
  programId: string,
  userIds: readonly string[],
): Promise<Map<string, Reader>> {
  if (userIds.length === 0) return new Map();
  const found = await participants.queryAll(tenantId, {
    where: [
      { field: 'programId', op: 'eq', value: programId },
      { field: 'userId', op: 'in', values: [...new Set(userIds)] },
    ],
  });
  return new Map(
    found.map(({ doc }) => [
      doc.userId,
      {
        locale: localeFor(doc.directory),
        timeZone: doc.directory?.timeZone ? (ianaNameOf(doc.directory.timeZone) ?? null) : null,
      },
    ]),
  );
}

/** The locales of a series' readers, organizer first (the language a shared text opens with). */
export async function seriesReaders(
  participants: Repositories['participants'],
  doc: { tenantId: string; programId: string; memberIds: readonly string[] },
  organizerId: string,
): Promise<TextLocale[]> {
  const ordered = [organizerId, ...doc.memberIds.filter((id) => id !== organizerId)];
  const readers = await readersOf(participants, doc.tenantId, doc.programId, ordered);
  return ordered.map((id) => (readers.get(id) ?? UNKNOWN_READER).locale);
}
