// One live tab per `resume`: a duplicated tab (copied sessionStorage) claims it over a BroadcastChannel first.
import { isBase64Url, toBase64Url } from '../crypto/base64url.js';
import { randomBytes } from '../crypto/bytes.js';
import { getOrCreateResume, RESUME_KEY, type ResumeStorage } from './resume.js';

/** Name of the BroadcastChannel tabs of one origin claim their resume on. */
export const RESUME_CHANNEL = 'curvechat-resume';

/** How long a claim waits for a live tab holding the same resume to answer "taken". */
export const CLAIM_WAIT_MS = 150;

/** The part of BroadcastChannel the claim uses (a fake pair in tests). */
export interface ClaimPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** What tabs tell each other: `claim` (I am about to use this resume) or `taken` (a live tab holds it). */
export interface ClaimMessage {
  type: 'claim' | 'taken';
  /** Hash of the resume (never the resume itself). */
  tag: string;
  /** Random id of the sending tab. */
  nonce: string;
  /** On `taken`: the nonce of the claim it answers. */
  to?: string;
}

function isClaimMessage(data: unknown): data is ClaimMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  return (
    (m.type === 'claim' || m.type === 'taken') &&
    typeof m.tag === 'string' &&
    typeof m.nonce === 'string' &&
    (m.to === undefined || typeof m.to === 'string')
  );
}

/** The tag tabs compare: base64url(SHA-256("curvechat resume claim\n" + resume)). */
export async function resumeTag(resume: string): Promise<string> {
  const data = new TextEncoder().encode(`curvechat resume claim\n${resume}`);
  return toBase64Url(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data)));
}

/**
 * Makes sure no other live tab uses this tab's resume. claim() announces the stored resume; a tab
 * holding the same one answers `taken` within `waitMs`, and the stored resume is then replaced by
 * a fresh one. From then on this tab holds its resume and answers later claims of it. Two tabs
 * claiming the same resume at once: the smaller nonce keeps it, the other takes a fresh one.
 */
export class ResumeClaim {
  private readonly nonce = toBase64Url(randomBytes(16));
  private held?: { resume: string; tag: string };
  private claiming?: { tag: string; taken: boolean };

  /** Listen on `port` (a BroadcastChannel in the browser). */
  constructor(
    private readonly port: ClaimPort,
    private readonly waitMs = CLAIM_WAIT_MS,
  ) {
    port.addEventListener('message', (event) => this.onMessage(event.data));
  }

  /** The resume this tab holds, once claimed. */
  get resume(): string | undefined {
    return this.held?.resume;
  }

  /** Claim the resume in `storage` (replacing it when another live tab holds it); resolves with the one to use. */
  async claim(storage: ResumeStorage): Promise<string> {
    let stored: string | null;
    try {
      stored = storage.getItem(RESUME_KEY);
    } catch {
      stored = null;
    }
    if (stored !== null && stored === this.held?.resume) return stored;
    if (!isBase64Url(stored, 32)) return this.hold(getOrCreateResume(storage)); // new: nobody has it
    const tag = await resumeTag(stored);
    const claiming = { tag, taken: false };
    this.claiming = claiming;
    this.port.postMessage({ type: 'claim', tag, nonce: this.nonce } satisfies ClaimMessage);
    await new Promise((resolve) => setTimeout(resolve, this.waitMs));
    if (this.claiming === claiming) this.claiming = undefined;
    if (!claiming.taken) return this.hold(stored, tag);
    try {
      storage.removeItem(RESUME_KEY);
    } catch {
      // a blocked store: getOrCreateResume below still returns a fresh value
    }
    return this.hold(getOrCreateResume(storage));
  }

  private async hold(resume: string, tag?: string): Promise<string> {
    this.held = { resume, tag: tag ?? (await resumeTag(resume)) };
    return resume;
  }

  private onMessage(data: unknown): void {
    if (!isClaimMessage(data) || data.nonce === this.nonce) return;
    if (data.type === 'claim') {
      const holding = this.held?.tag === data.tag;
      const winning = this.claiming?.tag === data.tag && this.nonce < data.nonce;
      if (holding || winning)
        this.port.postMessage({
          type: 'taken',
          tag: data.tag,
          nonce: this.nonce,
          to: data.nonce,
        } satisfies ClaimMessage);
      else if (this.claiming?.tag === data.tag) this.claiming.taken = true; // the other claim wins
    } else if (this.claiming?.tag === data.tag && data.to === this.nonce) this.claiming.taken = true;
  }
}

let browserClaim: ResumeClaim | null | undefined;

/**
 * The tab's ResumeClaim over BroadcastChannel(RESUME_CHANNEL), shared by every session of the tab;
 * undefined where there is no BroadcastChannel or no sessionStorage (Node, some privacy modes).
 */
export function browserResumeClaim(storage: ResumeStorage): ResumeClaim | undefined {
  const g = globalThis as { BroadcastChannel?: new (name: string) => ClaimPort; sessionStorage?: unknown };
  if (!g.BroadcastChannel || g.sessionStorage === undefined || storage !== g.sessionStorage) return undefined;
  if (browserClaim === undefined) {
    try {
      browserClaim = new ResumeClaim(new g.BroadcastChannel(RESUME_CHANNEL));
    } catch {
      browserClaim = null;
    }
  }
  return browserClaim ?? undefined;
}
