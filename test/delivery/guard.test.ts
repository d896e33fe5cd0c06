import { describe, expect, it } from 'vitest';
import { deltaOf } from '../../src/delivery/delta.js';
import { checkDeletions, deletionLimit, guardExitCode, guardRefusal, guardSummary, passes, type GuardLimits } from '../../src/delivery/guard.js';
import { P2lError } from '../../src/util/errors.js';
import { organisationRows, range, tablesOf } from './fixtures.js';

const last = { deliveredAt: '2026-11-25T02:00:00.000Z', folder: '/state/2026-11-25T02-00-00Z' };

/** The guard's verdict on a delivery that removes `removed` of `persons` persons (and `removedUnits` of `units` units). */
function verdictOn(
  limits: GuardLimits,
  { persons, removed, units = 2, removedUnits = 0 }: { persons: number; removed: number; units?: number; removedUnits?: number },
  allowed: number | null = null,
) {
  const before = organisationRows({ persons, units });
  const after = organisationRows({ persons, units }, { persons: range(persons - removed, removed + 1), units: range(units - removedUnits) });
  return checkDeletions(deltaOf(tablesOf(before), tablesOf(after), last), limits, allowed);
}

describe('the deletion limit', () => {
  it('is the smaller of the count and the percentage of the last delivery, rounded down', () => {
    expect(deletionLimit(2000, { count: 500, percent: 10 })).toBe(200);
    expect(deletionLimit(10_000, { count: 500, percent: 10 })).toBe(500);
    expect(deletionLimit(45, { count: 500, percent: 10 })).toBe(4);
    expect(deletionLimit(9, { count: 500, percent: 10 })).toBe(0);
    expect(deletionLimit(0, { count: 500, percent: 10 })).toBe(0);
  });
});

describe('the deletion guard', () => {
  it('the count: lets exactly the count through, stops one more', () => {
    const limits = { count: 5, percent: 100 };
    expect(passes(verdictOn(limits, { persons: 100, removed: 5 }))).toBe(true);
    const over = verdictOn(limits, { persons: 100, removed: 6 });
    expect(passes(over)).toBe(false);
    expect(over.over).toEqual([{ kind: 'persons', file: 'bruger', removed: 6, previous: 100, limit: 5 }]);
  });

  it('the percentage: lets exactly the percentage through, stops one more', () => {
    const limits = { count: 500, percent: 10 };
    expect(passes(verdictOn(limits, { persons: 40, removed: 4 }))).toBe(true);
    expect(passes(verdictOn(limits, { persons: 40, removed: 5 }))).toBe(false);
    // 10% of 45 is 4.5: 4 is not more than 10%, 5 is.
    expect(passes(verdictOn(limits, { persons: 45, removed: 4 }))).toBe(true);
    expect(passes(verdictOn(limits, { persons: 45, removed: 5 }))).toBe(false);
  });

  it('whichever of the two is smaller', () => {
    expect(verdictOn({ count: 3, percent: 10 }, { persons: 100, removed: 0 }).removals[0]?.limit).toBe(3);
    expect(verdictOn({ count: 30, percent: 10 }, { persons: 100, removed: 0 }).removals[0]?.limit).toBe(10);
  });

  it('watches units as it watches persons', () => {
    const limits = { count: 500, percent: 10 };
    expect(passes(verdictOn(limits, { persons: 10, removed: 0, units: 20, removedUnits: 2 }))).toBe(true);
    const over = verdictOn(limits, { persons: 10, removed: 0, units: 20, removedUnits: 3 });
    expect(over.over).toEqual([{ kind: 'units', file: 'organisation', removed: 3, previous: 20, limit: 2 }]);
  });

  it('does not count added or changed rows, only rows that disappear', () => {
    const before = organisationRows({ persons: 10, units: 2 });
    const after = organisationRows({ persons: 30, units: 2 }, { persons: range(20, 11) });
    const verdict = checkDeletions(deltaOf(tablesOf(before), tablesOf(after), last), { count: 500, percent: 10 }, null);
    expect(verdict.removals[0]).toMatchObject({ removed: 10, previous: 10 });
  });

  it('lets the first delivery through: there is nothing to lose', () => {
    const verdict = checkDeletions(deltaOf(null, tablesOf(organisationRows({ persons: 3, units: 2 })), null), { count: 0, percent: 0 }, null);
    expect(verdict).toMatchObject({ first: true, removals: [], over: [] });
    expect(passes(verdict)).toBe(true);
  });

  it('--allow-deletions N lets a run remove up to N persons and up to N units, and no more', () => {
    const limits = { count: 500, percent: 10 };
    expect(passes(verdictOn(limits, { persons: 30, removed: 25 }, 25))).toBe(true);
    expect(passes(verdictOn(limits, { persons: 30, removed: 26 }, 25))).toBe(false);
    expect(passes(verdictOn(limits, { persons: 30, removed: 25, units: 10, removedUnits: 5 }, 25))).toBe(true);
    // N replaces the limit: --allow-deletions 0 refuses even what the guard would let through.
    expect(passes(verdictOn(limits, { persons: 100, removed: 1 }, 0))).toBe(false);
  });

  it('refuses in one line with exit 4, naming the counts, the limit and how to confirm', () => {
    const refusal = guardRefusal(verdictOn({ count: 500, percent: 10 }, { persons: 30, removed: 25, units: 10, removedUnits: 5 }));
    expect(refusal).toBeInstanceOf(P2lError);
    expect(refusal.exitCode).toBe(guardExitCode);
    expect(guardExitCode).toBe(4);
    expect(refusal.message).toBe(
      'nothing shipped: the deletion guard stops this delivery: it removes 25 of 30 persons (bruger.csv, limit 3) and 5 of 10 units (organisation.csv, limit 1); ' +
        "the limit is the smaller of 500 (exporters.plan2learn.deletion_guard_count) and 10% (exporters.plan2learn.deletion_guard_percent) of the last delivery's rows, rounded down; " +
        'if MO is right and the change is intended, ship again with --allow-deletions 25',
    );
    const tooFew = guardRefusal(verdictOn({ count: 500, percent: 10 }, { persons: 30, removed: 25 }, 20));
    expect(tooFew.message).toContain('it removes 25 of 30 persons (bruger.csv, limit 20); --allow-deletions 20 allows at most 20; ');
    expect(tooFew.message).toMatch(/--allow-deletions 25$/);
  });

  it('summarises a delivery it lets through', () => {
    expect(guardSummary(verdictOn({ count: 500, percent: 10 }, { persons: 40, removed: 4 }))).toBe(
      'deletion guard: this delivery removes 4 of 40 persons (limit 4) and 0 of 2 units (limit 0)',
    );
  });
});
