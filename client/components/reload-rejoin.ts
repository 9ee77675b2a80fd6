// After a reload: rejoin the room this tab was in, under the same name, with a new key pair (issue 9).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { clearRejoin, loadRejoin, saveRejoin, type RejoinRecord } from '../session/rejoin.js';
import { defaultResumeStorage, type ResumeStorage } from '../session/resume.js';
import type { RoomSessionApi, SessionState } from '../session/types.js';

/** True when the page was loaded by a reload (not a new tab, a duplicated tab or a link). */
export function pageWasReloaded(): boolean {
  const nav = globalThis.performance?.getEntriesByType?.('navigation')[0] as { type?: string } | undefined;
  return nav?.type === 'reload';
}

/**
 * Keeps the tab's room, name and curve in sessionStorage while it is in a room (never a key; an explicit leave
 * clears them) and, after a reload, joins the same room again with a new key. `notice` says so in the room.
 */
export class ReloadRejoin implements ReactiveController {
  /** The room being rejoined right now (the join form says so meanwhile). */
  rejoining?: RejoinRecord;
  /** Rejoined after a reload: the room shows a notice until the user leaves. */
  notice?: RejoinRecord;
  /** Why the rejoin after a reload failed ('' when it did not). */
  error = '';
  private tried = false;
  private remembered = '';
  private saved?: string;
  /** Left on purpose: nothing is written until the membership has ended (late changes of the old one). */
  private leaving = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly storage: ResumeStorage = defaultResumeStorage(),
  ) {
    host.addController(this);
  }

  /** Nothing to do on connect; the session arrives later. */
  hostConnected(): void {}

  /** The name to prefill in the join form: the last one this tab used. */
  get lastName(): string {
    return this.remembered;
  }

  /**
   * Once per page: when it was reloaded while in a room (and the address still names that room), join it again
   * under the same name, then generate a new key pair on the same curve.
   */
  start(session: RoomSessionApi, roomInAddress: string, reloaded = pageWasReloaded()): void {
    if (this.tried) return;
    this.tried = true;
    const record = loadRejoin(this.storage);
    if (!record) return;
    this.remembered = record.name;
    if (!reloaded || (roomInAddress !== '' && roomInAddress !== record.room)) {
      clearRejoin(this.storage);
      return;
    }
    if (record.passphrase) {
      // The passphrase is never stored (docs/security.md "Room passphrase"): ask for it rather than join without it.
      clearRejoin(this.storage);
      this.error = `You reloaded the page. Room ${record.room} is passphrase-protected and the passphrase is never stored: type it again below to rejoin.`;
      this.host.requestUpdate();
      return;
    }
    void this.rejoin(session, record);
  }

  private async rejoin(session: RoomSessionApi, record: RejoinRecord): Promise<void> {
    this.rejoining = record;
    this.host.requestUpdate();
    try {
      session.setCurve(record.curve);
      await session.join(record.room, record.name);
      this.notice = record;
      await session.generateKeys().catch(() => undefined); // logged; the key panel offers to try again
    } catch (err) {
      clearRejoin(this.storage);
      const reason = err instanceof Error ? err.message : String(err);
      this.error = `Could not rejoin room ${record.room} as ${record.name} after the reload: ${reason}`;
    } finally {
      this.rejoining = undefined;
      this.host.requestUpdate();
    }
  }

  /** Follow the session: remember room, name and key curve while in a room (written only when they change). */
  sync(st: SessionState): void {
    if (st.room === undefined || st.name === undefined || st.me === undefined) {
      this.leaving = false;
      return;
    }
    if (this.leaving) return;
    const record = {
      ...{ room: st.room, name: st.name, curve: st.myKey?.curve ?? st.curve },
      ...(st.passphrase ? { passphrase: true as const } : {}),
    };
    const text = JSON.stringify(record);
    if (text === this.saved) return;
    this.saved = text;
    this.error = '';
    saveRejoin(this.storage, record);
  }

  /** The user left the room on purpose: a reload now shows the join form. */
  left(): void {
    this.leaving = true;
    this.saved = undefined;
    this.notice = undefined;
    clearRejoin(this.storage);
  }
}
