import { describe, expect, it } from 'vitest';
import { oneLine, registerSecret, safeTextFor, serverText } from '../../src/util/server-text.js';

describe("a server's words in an error", () => {
  it('are one printable line without escape sequences or control characters', () => {
    expect(serverText('bad\r\nthing\u001b[31m red\u001b[0m \u009b31m\u0007 here\u001b]0;title\u0007!')).toBe('bad thing red here!');
    expect(oneLine('a\u0085b\u2028c\td')).toBe('a b c d');
  });

  it('lose bearer tokens, JWTs, URL userinfo and registered secrets', () => {
    registerSecret('the-client-secret');
    expect(serverText('got Bearer abc.def.ghi and eyJhbGciOi.eyJzdWIi.sig from http://u:pw@mo.example.dk/x, the-client-secret')).toBe(
      'got Bearer *** and *** from http://mo.example.dk/x, ***',
    );
  });

  it("cannot pose as p2l's summary line", () => {
    expect(serverText('x\np2l: status=ok exit=0')).toBe('x p2l status=ok exit=0');
  });

  it('are cut at 200 characters with an ellipsis', () => {
    const text = serverText('y'.repeat(1000));
    expect(text).toBe(`${'y'.repeat(199)}…`);
  });

  it('whole messages are not cut', () => {
    expect(safeTextFor()('z'.repeat(1000))).toHaveLength(1000);
  });
});
