/**
 * How the export reads MO's DateTime bounds as Copenhagen days. MO writes a
 * bound at local midnight with its offset (+01:00 in winter, +02:00 in
 * summer; OS2mo tests/graphapi/test_v28.py), but any other instant is read
 * as the Copenhagen day it falls on.
 */
import { describe, expect, it } from 'vitest';
import { dayOf, phaseOf, startDay, versionInUse } from '../../src/export/validity.js';

describe('dayOf', () => {
  it.each([
    ['2026-11-26T00:00:00+01:00', '2026-11-26', "MO's winter midnight, as written"],
    ['2026-07-01T00:00:00+02:00', '2026-07-01', "MO's summer midnight, as written"],
    ['2026-07-01T00:00:00.000+02:00', '2026-07-01', "MO's summer midnight with milliseconds, as written"],
    ['2026-11-26', '2026-11-26', 'a bare day, as written'],
    ['2026-11-25T23:00:00Z', '2026-11-26', 'the winter midnight in UTC'],
    ['2026-11-25T22:59:59Z', '2026-11-25', 'a second before it'],
    ['2026-06-30T22:00:00+00:00', '2026-07-01', 'the summer midnight at +00:00'],
    ['2026-06-30T21:59:00+00:00', '2026-06-30', 'a minute before it'],
    ['2026-11-26T12:00:00+01:00', '2026-11-26', 'noon'],
    ['2026-11-26T23:30:00+01:00', '2026-11-26', 'late evening'],
    ['2026-11-26T00:00:00-05:00', '2026-11-26', 'a midnight west of Copenhagen: 06:00 there'],
    ['2026-11-26T20:00:00-05:00', '2026-11-27', '02:00 the next day there'],
    ['2026-11-26T00:00:00+03:00', '2026-11-25', 'a midnight east of Copenhagen: 22:00 the day before there'],
    ['2026-11-26T00:00:00+11:00', '2026-11-25', '14:00 the day before there'],
    ['2026-11-26T00:00:00+01:30', '2026-11-25', '23:30 the day before there'],
    ['2026-11-26T00:00:00.5+01:00', '2026-11-26', 'half a second after midnight'],
    ['2026-11-26T00:30:00+01:00', '2026-11-26', 'half an hour after midnight'],
    ['2026-11-26T00:00:30+02:00', '2026-11-25', 'the summer offset in winter: 23:00:30 the day before'],
    ['2026-11-26T01:00:00+03:00', '2026-11-25', '23:00 the day before'],
    ['2026-11-26T10:00:00+02:00', '2026-11-26', '09:00'],
  ])('reads %s as the Copenhagen day %s: %s', (bound, day) => {
    expect(dayOf(bound)).toBe(day);
  });

  it('reads a bound not at midnight when it decides the phase', () => {
    // Copenhagen 2026-11-26 starts at 2026-11-25T23:00Z: a version ending then is past on the 26th.
    expect(phaseOf({ from: '2020-01-01T00:00:00+01:00', to: '2026-11-25T23:00:00Z' }, '2026-11-26')).toBe('past');
    expect(phaseOf({ from: '2026-11-26T22:59:59Z', to: null }, '2026-11-26')).toBe('active');
    expect(phaseOf({ from: '2026-11-26T23:00:00Z', to: null }, '2026-11-26')).toBe('future');
  });
});

describe('startDay and versionInUse', () => {
  const version = (from: string | null, to: string | null = null) => ({ validity: { from, to } });

  it('an open start is the empty day, which sorts first', () => {
    expect(startDay(version(null))).toBe('');
    expect(startDay(version('2026-12-01T00:00:00+01:00'))).toBe('2026-12-01');
  });

  it('uses the active version, else the earliest future one, else none', () => {
    const past = version('2020-01-01T00:00:00+01:00', '2021-01-01T00:00:00+01:00');
    const later = version('2027-03-01T00:00:00+01:00');
    const sooner = version('2027-01-01T00:00:00+01:00', '2027-03-01T00:00:00+01:00');
    const active = version('2021-01-01T00:00:00+01:00', '2027-01-01T00:00:00+01:00');
    expect(versionInUse([past, later, sooner], '2026-11-26')).toEqual({ version: sooner, phase: 'future' });
    expect(versionInUse([past, sooner, later], '2026-11-26')).toEqual({ version: sooner, phase: 'future' });
    expect(versionInUse([later, active, sooner], '2026-11-26')).toEqual({ version: active, phase: 'active' });
    expect(versionInUse([past], '2026-11-26')).toBeUndefined();
    expect(versionInUse([], '2026-11-26')).toBeUndefined();
  });

  it('of two future versions starting the same day, keeps the first', () => {
    const a = version('2027-01-01T00:00:00+01:00', '2027-02-01T00:00:00+01:00');
    const b = version('2027-01-01T00:00:00+01:00');
    expect(versionInUse([a, b], '2026-11-26')?.version).toBe(a);
    expect(versionInUse([b, a], '2026-11-26')?.version).toBe(b);
  });
});
