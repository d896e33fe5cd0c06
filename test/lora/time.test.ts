import { describe, expect, it } from 'vitest';
import { alwaysValidFromText, dayOfTimestamp, openValidityText, shiftDay, spanOf, toText, validityText } from '../../src/lora/translate/time.js';
import { P2lError } from '../../src/util/errors.js';

describe("LoRa's virkning timestamps as Copenhagen days", () => {
  it.each([
    ['2017-01-01 00:00:00+01', '2017-01-01'],
    ['2017-01-01 00:00:00+01:00', '2017-01-01'],
    ['2017-01-01T00:00:00+01:00', '2017-01-01'],
    ['2016-05-12T00:00:00+01:00', '2016-05-12'],
    // Summer: midnight is +02; the same instant written in UTC is the evening before.
    ['2026-07-01 00:00:00+02', '2026-07-01'],
    ['2026-06-30T22:00:00Z', '2026-07-01'],
    ['2026-06-30T21:59:59.999999+00:00', '2026-06-30'],
    // A midnight written with the winter offset in summer is 01:00 local: the same day.
    ['2026-07-01 00:00:00+01', '2026-07-01'],
    // The class samples start at 01:00 local time.
    ['1900-01-01 01:00:00+01', '1900-01-01'],
    ['1945-06-30 00:00:00+02', '1945-06-30'],
    ['2019-12-18 13:55:15.348614+01', '2019-12-18'],
    ['2026-03-29', '2026-03-29'],
    ['-infinity', '-infinity'],
    ['infinity', 'infinity'],
  ])('%s is the day %s', (timestamp, day) => {
    expect(dayOfTimestamp(timestamp)).toBe(day);
  });

  it('refuses a timestamp it cannot read, naming it', () => {
    expect(() => dayOfTimestamp('next tuesday')).toThrow(P2lError);
    expect(() => dayOfTimestamp('next tuesday')).toThrow(/next tuesday/);
  });

  // MO's GraphQL writes `to` exclusive from v29 on, as LoRa does (OS2mo tests/graphapi/test_v28.py).
  it('keeps the exclusive end as MO v29 writes it: the first day no longer valid, across the spring DST change', () => {
    const span = spanOf({ from: '2026-01-01 00:00:00+01', to: '2026-03-29 00:00:00+01' });
    expect(span).toEqual({ from: '2026-01-01', to: '2026-03-29' });
    expect(validityText(span ?? { from: '', to: '' })).toEqual({ from: '2026-01-01T00:00:00+01:00', to: '2026-03-29T00:00:00+01:00' });
    expect(validityText({ from: dayOfTimestamp('2026-03-30 00:00:00+02'), to: 'infinity' })).toEqual({ from: '2026-03-30T00:00:00+02:00', to: null });
    // Ending on the morning after the change (01:00 UTC is 03:00 CEST): that day is the first no longer (wholly) valid.
    expect(toText(dayOfTimestamp('2026-03-30T01:00:00Z'))).toBe('2026-03-30T00:00:00+02:00');
  });

  it('drops a virkning that holds no whole day', () => {
    expect(spanOf({ from: '2026-05-01 08:00:00+02', to: '2026-05-01 16:00:00+02' })).toBeUndefined();
  });

  it('writes open ends as MO does: to null; from null where MO allows it, else the first day of year 1', () => {
    expect(openValidityText({ from: '-infinity', to: 'infinity' })).toEqual({ from: null, to: null });
    expect(validityText({ from: '-infinity', to: 'infinity' })).toEqual({ from: alwaysValidFromText, to: null });
    expect(alwaysValidFromText).toBe('0001-01-01T00:00:00+01:00');
  });

  it('shifts days over month, year and leap-day bounds', () => {
    expect(shiftDay('2024-03-01', -1)).toBe('2024-02-29');
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('0001-01-02', -1)).toBe('0001-01-01');
  });
});
