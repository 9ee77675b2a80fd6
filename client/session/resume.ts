// The per-tab `resume` secret (docs/protocol.md §2): 32 random bytes, base64url, kept in a Storage-like store.
import { isBase64Url, toBase64Url } from '../crypto/base64url.js';
import { randomBytes } from '../crypto/bytes.js';

/** The subset of the Web Storage API the session needs (sessionStorage fits; so does MemoryStorage). */
export interface ResumeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Storage key of the resume secret. */
export const RESUME_KEY = 'curvechat.resume';

/** An in-memory ResumeStorage for Node and for browsers without sessionStorage. */
export class MemoryStorage implements ResumeStorage {
  private readonly map = new Map<string, string>();

  /** The stored value or null. */
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }

  /** Store a value. */
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }

  /** Forget a value. */
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

/** The browser's sessionStorage when usable (per tab), else a fresh MemoryStorage. */
export function defaultResumeStorage(): ResumeStorage {
  try {
    const s = (globalThis as { sessionStorage?: ResumeStorage }).sessionStorage;
    if (s) {
      s.getItem(RESUME_KEY); // throws in some privacy modes
      return s;
    }
  } catch {
    // fall through to memory
  }
  return new MemoryStorage();
}

/** The stored resume if it is well-formed, else a new one (stored when the store allows it). */
export function getOrCreateResume(storage: ResumeStorage): string {
  let existing: string | null;
  try {
    existing = storage.getItem(RESUME_KEY);
  } catch {
    existing = null;
  }
  if (isBase64Url(existing, 32)) return existing;
  const fresh = toBase64Url(randomBytes(32));
  try {
    storage.setItem(RESUME_KEY, fresh);
  } catch {
    // storage full or blocked: the id then only lasts as long as this session object
  }
  return fresh;
}

/** A random message id: 16 bytes, base64url (22 characters). */
export function newMessageId(): string {
  return toBase64Url(randomBytes(16));
}
