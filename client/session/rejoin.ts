// What a reload needs to rejoin: the room, the name and the curve of this tab, in sessionStorage — never a key.
import { checkName, checkRoom } from '../../common/names.js';
import { isCurveId, type CurveId } from '../../common/wire.js';
import type { ResumeStorage } from './resume.js';

/** Storage key of the rejoin record (docs/security.md "What the browser stores"). */
export const REJOIN_KEY = 'curvechat.rejoin';

/** The room this tab is in, under which name, and the curve of its key (public facts only). */
export interface RejoinRecord {
  room: string;
  name: string;
  curve: CurveId;
  /** The room was joined with a passphrase (never the passphrase): a reload asks for it instead of rejoining. */
  passphrase?: true;
}

/** Remember the room, name and curve (after a join, after a new key); a blocked store is ignored. */
export function saveRejoin(storage: ResumeStorage, record: RejoinRecord): void {
  const { room, name, curve, passphrase } = record;
  try {
    storage.setItem(REJOIN_KEY, JSON.stringify({ room, name, curve, ...(passphrase ? { passphrase } : {}) }));
  } catch {
    // storage full or blocked: a reload then shows the join form, as before
  }
}

/** The stored record if it is well-formed (room and name pass the relay's rules, a known curve), else undefined. */
export function loadRejoin(storage: ResumeStorage): RejoinRecord | undefined {
  let raw: string | null;
  try {
    raw = storage.getItem(REJOIN_KEY);
  } catch {
    return undefined;
  }
  if (raw === null || raw.length > 1024) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { room, name, curve, passphrase } = data as Record<string, unknown>;
  const r = checkRoom(room);
  const n = checkName(name);
  if (!r.ok || !n.ok || !isCurveId(curve)) return undefined;
  return { room: r.value, name: n.value, curve, ...(passphrase === true ? { passphrase } : {}) };
}

/** Forget the record (the user left the room on purpose, or the rejoin failed). */
export function clearRejoin(storage: ResumeStorage): void {
  try {
    storage.removeItem(REJOIN_KEY);
  } catch {
    // a blocked store holds nothing to clear
  }
}
