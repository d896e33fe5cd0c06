/**
 * MO's validities as the export reads them. From GraphQL v29 on `to` is
 * exclusive: the first day no longer valid (OS2mo tests/graphapi/test_v28.py,
 * test_off_by_zero_or_one: a version created to 2023-03-03 is answered with
 * `to: 2023-03-03T00:00:00+01:00`, and the next version's `from` equals it).
 */
import { describe, expect, it } from 'vitest';
import { activeVersion, phaseOf, versionInUse } from '../../src/export/validity.js';

const midnight = (day: string) => `${day}T00:00:00+01:00`;
const span = (from: string | null, to: string | null) => ({ validity: { from: from && midnight(from), to: to && midnight(to) } });

describe('phases of a version on the export day (active: from <= today < to)', () => {
  const today = '2026-11-26';

  it('is past on the day its exclusive `to` names, and active the day before it', () => {
    expect(phaseOf(span('2020-01-01', '2026-11-26').validity, today)).toBe('past');
    expect(phaseOf(span('2020-01-01', '2026-11-27').validity, today)).toBe('active');
    expect(phaseOf(span('2020-01-01', '2026-11-25').validity, today)).toBe('past');
  });

  it('is active from its first day, future before it, and open at either end when null', () => {
    expect(phaseOf(span('2026-11-26', '2026-11-27').validity, today)).toBe('active');
    expect(phaseOf(span('2026-11-27', null).validity, today)).toBe('future');
    expect(phaseOf(span(null, null).validity, today)).toBe('active');
  });

  it('takes, of two versions that meet on the export day, the one starting that day', () => {
    const ending = span('2020-01-01', '2026-11-26');
    const starting = span('2026-11-26', null);
    expect(activeVersion([ending, starting], today)).toBe(starting);
    expect(versionInUse([ending, starting], today)).toEqual({ version: starting, phase: 'active' });
  });

  it('reads a `to` at another offset as its Copenhagen day', () => {
    // 2026-11-25T23:00:00Z is Copenhagen midnight of 2026-11-26: the version is past that day.
    expect(phaseOf({ from: midnight('2020-01-01'), to: '2026-11-25T23:00:00Z' }, today)).toBe('past');
    expect(phaseOf({ from: midnight('2020-01-01'), to: '2026-11-26T23:00:00Z' }, today)).toBe('active');
  });
});
