// Instance settings for browser clients, served by the relay at `<BASE_PATH>config.json` (docs/protocol.md
// Extensions, "Instance settings"): what honest clients of this instance send and accept. The relay enforces none of it.
import * as z from 'zod/mini';
import { DEFAULT_MAX_FILE_BYTES } from './files.js';

/** The largest MAX_FILE_BYTES an instance may set (1 GiB): a browser holds a whole file, and its ciphertext, in memory. */
export const MAX_FILE_BYTES_CAP = 1024 * 1024 * 1024;

/** A file size limit: a whole number of bytes from 1 to MAX_FILE_BYTES_CAP. */
export const maxFileBytesField = z
  .number()
  .check(z.refine((n) => Number.isSafeInteger(n) && n >= 1 && n <= MAX_FILE_BYTES_CAP));

/** The body of `config.json`; fields a newer relay adds are ignored (stripped). */
export const clientConfig = z.object({ maxFileBytes: maxFileBytesField });

/** What `config.json` holds when nothing is configured: the client's own defaults. */
export const DEFAULT_CLIENT_CONFIG = { maxFileBytes: DEFAULT_MAX_FILE_BYTES } as const;
