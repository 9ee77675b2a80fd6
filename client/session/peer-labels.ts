// The members' display labels (look-alike.ts), computed once per list of ids and names and reused until it changes.
import { labelNames, type NameLabel } from './look-alike.js';

/** A member as the labels see it: id and announced name. */
export interface LabelledMember {
  id: string;
  name: string;
}

/** Labels of a member list, cached by its ids and names so views get the same object until a name changes. */
export class PeerLabels {
  private cache?: { of: string; labels: Map<string, NameLabel>; view: Record<string, NameLabel> };

  /** The labels of `members` by member id. */
  labels(members: readonly LabelledMember[]): Map<string, NameLabel> {
    return this.current(members).labels;
  }

  /** The same labels as one frozen-until-changed object (SessionState.names). */
  view(members: readonly LabelledMember[]): Readonly<Record<string, NameLabel>> {
    return this.current(members).view;
  }

  /** Forget the cache (the membership ended). */
  clear(): void {
    this.cache = undefined;
  }

  private current(members: readonly LabelledMember[]) {
    const of = members.map((m) => `${m.id}\n${m.name}`).join('\n');
    if (this.cache?.of !== of) {
      const labels = labelNames(members);
      this.cache = { of, labels, view: Object.fromEntries(labels) };
    }
    return this.cache;
  }
}
