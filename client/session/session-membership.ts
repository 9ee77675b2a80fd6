// RoomSession's first part: the Membership, with its host raising everything on the session's bus.
import type { Limits } from '../../common/limits.js';
import type { SessionBus } from './bus.js';
import { Membership, type MembershipHost } from './membership.js';
import type { RoomSessionOptions } from './options.js';
import { defaultResumeStorage, type ResumeStorage } from './resume.js';
import { browserResumeClaim } from './resume-claim.js';

/** What the session lends its membership besides the bus. */
export interface SessionMembershipDeps {
  bus: SessionBus;
  /** The join ack's room lock goes straight to the RoomLock part (built later, so reached lazily). */
  lock: NonNullable<MembershipHost['lock']>;
  log: MembershipHost['log'];
  changed: MembershipHost['changed'];
  limits: Limits;
  ackTimeoutMs: number;
}

/** The session's Membership: the socket, join/rejoin/leave; resume storage and the one-tab claim from `options`. */
export function sessionMembership(options: RoomSessionOptions, deps: SessionMembershipDeps): Membership {
  const { bus, lock, log, changed, limits, ackTimeoutMs } = deps;
  const storage = options.storage ?? defaultResumeStorage();
  const claim = options.resumeClaim === undefined ? browserResumeClaim(storage) : options.resumeClaim;
  const host: MembershipHost = {
    bind: (socket, live) => bus.emit('socket', socket, live),
    joined: (peers, again) => bus.emit('joined', peers, again),
    lock,
    leaving: () => bus.emit('leaving'),
    reset: () => bus.emit('reset'),
    log,
    changed,
  };
  return new Membership(host, {
    url: options.url,
    socketOptions: options.socketOptions,
    storage,
    ...(claim ? { claimResume: (s: ResumeStorage) => claim.claim(s) } : {}),
    limits,
    ackTimeoutMs,
  });
}
