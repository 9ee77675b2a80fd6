// The line beside the "Sender keys" switch (docs/protocol.md "v2: how the browser client uses sender keys"): how many
// peers with a v2 channel hold our chain, and how many others get a pairwise copy (or nothing) and why, all counted.
import { SENDER_KEYS_FROM_MEMBERS } from '../crypto/sender-key/cost.js';
import type { SenderKeysView } from '../session/types.js';

/** "1 v2 peer" / "2 v2 peers". */
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Who does not get our broadcast, one short sentence each, in the order a reader asks: pairwise copies, then nobody. */
function others(v: SenderKeysView): string[] {
  const out: string[] = [];
  const waiting = Math.max(0, v.v2Peers - v.holders);
  if (waiting > 0)
    out.push(
      `${count(waiting, 'more v2 peer')} ${waiting === 1 ? 'gets' : 'get'} a pairwise copy until ${waiting === 1 ? 'it acknowledges' : 'they acknowledge'} your chain.`,
    );
  if (v.v1Peers > 0)
    out.push(
      `${count(v.v1Peers, 'peer')} on v1 ${v.v1Peers === 1 ? 'gets' : 'get'} a pairwise copy (v1 has no sender keys).`,
    );
  if (v.awaitingKey > 0)
    out.push(
      `${count(v.awaitingKey, 'peer')} who joined again ${v.awaitingKey === 1 ? 'gets' : 'get'} a pairwise copy once ${v.awaitingKey === 1 ? 'it announces its' : 'they announce their'} key.`,
    );
  if (v.noChannel > 0)
    out.push(
      `${count(v.noChannel, 'member')} with no channel with you ${v.noChannel === 1 ? 'gets' : 'get'} nothing (the peer card says why).`,
    );
  return out;
}

/** The line beside the switch, from the session's real state (`SessionState.senderKeys`). */
export function senderKeysLine(v: SenderKeysView): string {
  if (!v.active) return `Sender keys off: pairwise (on from ${SENDER_KEYS_FROM_MEMBERS} members).`;
  const chain = v.chainId ? `; chain ${v.chainId}, next message ${v.iteration ?? 0}` : '';
  const head =
    v.v2Peers === 0
      ? `Sender keys on, but no peer has a v2 channel with you to hold your chain${chain}.`
      : `Sender keys in use: ${v.holders} of ${count(v.v2Peers, 'v2 peer')} by broadcast${chain}.`;
  return [head, ...others(v)].join(' ');
}
