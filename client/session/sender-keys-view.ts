// What the composer's sender-keys line and switch show: this member's sender keys and who they reach.

/** Sender keys of this member (docs/protocol.md "v2: how the browser client uses sender keys"). */
export interface SenderKeysView {
  /** The switch is on: room of SENDER_KEYS_FROM_MEMBERS or more, or `onDemand`; v2 peers get our chain. */
  active: boolean;
  /** The user asked for sender keys in a smaller room too. */
  onDemand: boolean;
  /** Our current chain id (base64url), while we have one. */
  chainId?: string;
  /** The iteration our next sender-keys message uses. */
  iteration?: number;
  /** Members of the room, us included (the room size the switch uses). */
  members: number;
  /** Peers that acknowledged our current chain: our text messages reach them in one `bcast`. */
  holders: number;
  /** Present peers with a ready channel whose pair speaks v2: the only ones that can hold our chain. */
  v2Peers: number;
  /** Present peers with a ready channel on v1: each gets a pairwise `msg` copy, whatever the switch says. */
  v1Peers: number;
  /** Present peers that joined again and have not announced their key yet: their pairwise copy waits for it. */
  awaitingKey: number;
  /** The other present members, with no channel with us (no key yet, another curve, …): nothing is sent to them. */
  noChannel: number;
}

/** The view before the session reports anything: no chain, nobody reached. */
export const NO_SENDER_KEYS: SenderKeysView = {
  active: false,
  onDemand: false,
  members: 0,
  holders: 0,
  v2Peers: 0,
  v1Peers: 0,
  awaitingKey: 0,
  noChannel: 0,
};
