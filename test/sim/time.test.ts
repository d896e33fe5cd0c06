import { describe, expect, it } from 'vitest';
import { dayText, endOfValidity, parseDateTime, startOfDay } from '../../src/sim/time.js';
import { windowOf } from '../../src/sim/window.js';

describe('Copenhagen days', () => {
  it('writes a day as its local midnight with the offset of that midnight', () => {
    expect(['2026-03-29', '2026-03-30', '2026-10-25', '2026-10-26'].map(dayText)).toEqual([
      '2026-03-29T00:00:00+01:00',
      '2026-03-30T00:00:00+02:00',
      '2026-10-25T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
    ]);
  });

  it('ends a version at the midnight after its last day, a 23-hour day on the spring switch', () => {
    expect(endOfValidity('2026-03-29') - startOfDay('2026-03-29')).toBe(23 * 3600_000);
    expect(endOfValidity(null)).toBe(Infinity);
  });

  it('reads DateTime arguments: a day, an instant with an offset, local time without one', () => {
    expect(parseDateTime('2026-07-01')).toBe(Date.parse('2026-07-01T00:00:00+02:00'));
    expect(parseDateTime('2026-07-01T12:30:00Z')).toBe(Date.parse('2026-07-01T12:30:00Z'));
    expect(parseDateTime('2026-07-01T12:30:00.5+0200')).toBe(Date.parse('2026-07-01T10:30:00.500Z'));
    expect(parseDateTime('2026-01-01T12:00')).toBe(Date.parse('2026-01-01T11:00:00Z'));
    for (const bad of ['2026-02-30', '2026-07-01T25:00', 'tomorrow', '2026-07-01T12:00:00+2']) expect(parseDateTime(bad)).toBeUndefined();
  });
});

describe('MO windows', () => {
  const now = 1_000;
  const names = ['from_date', 'to_date'] as const;
  it('follows MO: omitted from is now, omitted to a moment, null an open end', () => {
    expect(windowOf(undefined, undefined, now, names)).toEqual({ start: now, end: now + 1 });
    expect(windowOf(500, undefined, now, names)).toEqual({ start: 500, end: 501 });
    expect(windowOf(500, null, now, names)).toEqual({ start: 500, end: Infinity });
    expect(windowOf(null, null, now, names)).toEqual({ start: -Infinity, end: Infinity });
    expect(windowOf(null, 700, now, names)).toEqual({ start: -Infinity, end: 700 });
    expect(() => windowOf(null, undefined, now, names)).toThrow('from_date: null needs an explicit to_date (null for all of history)');
    expect(() => windowOf(700, 500, now, names)).toThrow('to_date is before from_date');
  });
});
