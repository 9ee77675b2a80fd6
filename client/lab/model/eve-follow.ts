// Follower side of Eve: the followed presenter's `present:eve` as the Eve panel reruns it (a new object only when it changes).
import type { PresentEveDetail } from '../../../common/schema/steps.js';
import { isToyCurve } from '../../../common/wire.js';
import type { PresenterNow } from './follow.js';

/** The attack a follower's Eve panel reruns, and whose it is. */
export interface FollowedEve {
  /** The presenter's attack: target, method, step counts (validated by the reducer; never d). */
  readonly detail: PresentEveDetail;
  /** The presenter's display name. */
  readonly name: string;
}

/** The followed presenter's Eve attack for the panel, the same object while nothing changed (so it is not rerun). */
export class FollowEve {
  private key = '';
  private value: FollowedEve | undefined;

  /** The attack of `now` (the followed presenter), or undefined when there is none or it is not on a toy curve. */
  of(now: PresenterNow | null): FollowedEve | undefined {
    const attack = now?.attack;
    if (!now || !attack || !isToyCurve(now.curve)) {
      this.key = '';
      return (this.value = undefined);
    }
    const detail: PresentEveDetail = { ...attack, curve: now.curve };
    const key = `${now.id} ${now.name} ${JSON.stringify(detail)}`;
    if (key !== this.key) {
      this.key = key;
      this.value = { detail, name: now.name };
    }
    return this.value;
  }
}
