// A file transfer's control messages (docs/protocol.md Extensions, "Encrypted files"): an offer, ack or cancel sealed
// for a peer under our channel key and sent as a `dm`, and one received from a peer opened and checked.
import { fileAckPlaintext, fileCancelPlaintext, fileOfferPlaintext } from '../../common/schema/files.js';
import type { FileKind } from '../../common/schema/files.js';
import type {
  DmDelivery,
  FileAckPlaintext,
  FileCancelPlaintext,
  FileOfferPlaintext,
} from '../../common/wire.js';
import { fileControlAad, openJson, sealJson } from '../crypto/file-seal.js';
import { toHex } from '../crypto/hex.js';
import { parseMsgBody } from '../crypto/message.js';
import type { Channel } from './channel.js';
import type { IncomingWrap } from './file-views.js';
import type { MembershipState } from './membership.js';
import { isReady, type PeerTable } from './peers.js';

/** Seal a control message for `to` under our channel key and send it (dropped quietly when there is no channel). */
export async function sendFileControl(
  m: Readonly<MembershipState>,
  peers: PeerTable,
  kind: FileKind,
  to: string,
  fileId: string,
  plaintext: object,
): Promise<void> {
  const peer = peers.get(to);
  if (!m.socket || !m.joined || !m.room || !m.me || !isReady(peer)) return;
  const sealed = await sealJson(peer.channel.key, fileControlAad(kind, m.room, m.me, to, fileId), plaintext);
  m.socket.emit('dm', { id: fileId, kind, parts: [{ to, body: sealed.body }] });
}

/** An opened control message: an offer with what its envelope showed, an ack, or a cancel. */
export type FileControl =
  | { type: 'file'; offer: FileOfferPlaintext; wrap: IncomingWrap['wrap'] }
  | FileAckPlaintext
  | FileCancelPlaintext;

/**
 * Open the control dm `d` of a peer under our channel with it and its `aad` (fileControlAad): a `file` offer, a
 * `file-ack`, or else a `file-cancel`. Throws MessageError when it cannot be opened or is not what the kind allows.
 */
export async function openFileControl(channel: Channel, d: DmDelivery, aad: string): Promise<FileControl> {
  if (d.kind === 'file') {
    const offer = await openJson(channel.key, aad, d.body, fileOfferPlaintext);
    const { iv, ct } = parseMsgBody(d.body);
    const wrap = {
      ivHex: toHex(iv),
      ctBytes: ct.length,
      aad,
      keyFingerprint: channel.derived.keyFingerprint,
    };
    return { type: 'file', offer, wrap };
  }
  if (d.kind === 'file-ack') return openJson(channel.key, aad, d.body, fileAckPlaintext);
  return openJson(channel.key, aad, d.body, fileCancelPlaintext);
}
