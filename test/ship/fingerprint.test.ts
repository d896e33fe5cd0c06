import { describe, expect, it } from 'vitest';
import { sshFingerprintOf } from '../../src/ship/fingerprint.js';

describe('SSH host key fingerprints', () => {
  it('match what ssh-keygen -l prints', () => {
    // ssh-keygen -lf on this .pub line printed: 256 SHA256:daUqkIPoBPKoVw35l6TP46ku80+Nuxo5ZM7w2PjtQEg (ED25519)
    const blob = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIF/qEzEPFuZSni8nHlHmsQ2PP/M4IrXAjQ7ddAyNlUss', 'base64');
    expect(sshFingerprintOf(blob)).toBe('SHA256:daUqkIPoBPKoVw35l6TP46ku80+Nuxo5ZM7w2PjtQEg');
  });
});
