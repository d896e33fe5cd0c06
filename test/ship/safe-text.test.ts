import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/ship/deliver.js';
import { oneLine, safeTextFor } from '../../src/util/server-text.js';

describe('text fit to print', () => {
  const key =
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBqG7x\n-----END OPENSSH PRIVATE KEY-----\n';

  it('hides the password, the key and each line of the key', () => {
    const safe = safeTextFor(['hunter22', key, '']);
    expect(safe('530 user x pass hunter22 refused')).toBe('530 user x pass *** refused');
    expect(safe(`bad key ${key}`)).toBe('bad key ***');
    expect(safe('echo b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ from server')).toBe('echo *** from server');
  });

  it('puts a multi-line server reply on one line', () => {
    expect(oneLine('530-Login incorrect.\r\n530 Try again\r\n')).toBe('530-Login incorrect. 530 Try again');
  });
});

describe('retry delays', () => {
  it('double from the first', () => {
    expect([1, 2, 3].map((attempt) => retryDelayMs(attempt, 2_000))).toEqual([2_000, 4_000, 8_000]);
  });
});
