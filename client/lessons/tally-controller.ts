// TallyController: feeds the room's peer steps into the class tally (client/lessons/model/tally.ts) for its host.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomSessionApi } from '../session/types.js';
import { INITIAL_TALLY, tallyReducer, type TallyState } from './model/tally.js';

/**
 * Subscribes to a session's `peer-step`s while its host is connected and keeps the tally of
 * `present:answer`s; starts over when the session or the membership (room and member id) changes.
 */
export class TallyController implements ReactiveController {
  /** The tally so far. */
  tally: TallyState = INITIAL_TALLY;
  private session?: RoomSessionApi;
  private membership = '';
  private unsubscribe?: () => void;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Call with the host's session on every update. */
  attach(session: RoomSessionApi | undefined): void {
    const st = session?.state;
    const membership = st?.room && st.me ? `${st.room}\n${st.me.id}` : '';
    if (session === this.session && membership === this.membership) return;
    this.session = session;
    this.membership = membership;
    this.tally = INITIAL_TALLY;
    this.subscribe();
  }

  hostConnected(): void {
    this.subscribe();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private subscribe(): void {
    this.unsubscribe?.();
    this.unsubscribe = this.session?.onPeerStep((step) => {
      const next = tallyReducer(this.tally, step);
      if (next === this.tally) return;
      this.tally = next;
      this.host.requestUpdate();
    });
  }
}
