import { createHash } from 'node:crypto';

/**
 * An SSH host key's fingerprint as `ssh-keygen -l` prints it: `SHA256:` and
 * the unpadded base64 of the SHA-256 of the key blob (the wire encoding,
 * the second word of a `.pub` file).
 */
export function sshFingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}
