// Byte-string helpers under the names the math engine and its views use; one
// implementation, shared with client/crypto (strict hex and base64url decoding).
export { concatBytes, equalBytes as bytesEqual, isAllZero } from '../crypto/bytes.js';
export { toBase64Url as bytesToBase64url, fromBase64Url as base64urlToBytes } from '../crypto/base64url.js';
export { toHex as bytesToHex, fromHex as hexToBytes } from '../crypto/hex.js';
