import {
  type Attention,
  type AttentionCode,
  AttentionCodeSchema,
  type AttentionParams,
} from '../../contracts/admin';
import { type PairingDocument } from './lifecycle';

/**
 * Why a pairing needs an admin, as the contract's vocabulary (ATTENTION_CODES): the stored code is the one the
 * service that flagged it chose — mostly already a contract code, but a calendar failure keeps Graph's own
 * (`graph_403_ErrorAccessDenied`) for the logs, and pairings flagged before this vocabulary may carry older
 * codes. Pure; the admin's words are the tab's (admin.rounds.attention.*).
 */
export function attentionOf(
  doc: Pick<PairingDocument, 'attentionCode' | 'attentionParams'>,
): Attention | null {
  const code = doc.attentionCode;
  if (code === null) return null;
  const known = contractCode(code);
  return { code: known, params: known === 'other' ? {} : paramsFor(known, doc.attentionParams) };
}

function contractCode(code: string): AttentionCode {
  const parsed = AttentionCodeSchema.safeParse(code);
  if (parsed.success) return parsed.data;
  // A permanent failure Graph answered while creating the series (the calendar adapter's `graph_<status>_<code>`).
  if (code.startsWith('graph_')) return 'calendar-refused';
  // Ending an orphaned series (one booked twice) is ending a series too.
  if (code === 'end-orphan-failed') return 'end-failed';
  return 'other';
}

/** Only the params the wording of that code uses: nothing else stored on the pairing reaches the tab. */
const PARAMS: Partial<Record<AttentionCode, readonly string[]>> = {
  'calendars-full': ['usable', 'checked'],
  'graph-unavailable': ['hours'],
};

function paramsFor(code: AttentionCode, stored: AttentionParams): AttentionParams {
  const names = PARAMS[code] ?? [];
  const picked: AttentionParams = {};
  for (const name of names) {
    const value = stored[name];
    if (typeof value === 'number' && Number.isFinite(value)) picked[name] = value;
  }
  // Wording with a number needs every number; without them the code's plain wording is used.
  return Object.keys(picked).length === names.length ? picked : {};
}
