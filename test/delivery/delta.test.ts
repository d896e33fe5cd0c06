import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deltaAgainstFolder } from '../../src/delivery/against.js';
import { deltaOf, describeDelta, hasChanges, writeDeltaJson, type Delta } from '../../src/delivery/delta.js';
import type { Rows } from '../../src/export/columns.js';
import { deliveryWorld } from '../support/delivery-world.js';
import { cprNumbersIn, cprOf, ids, organisationRows, tablesOf, writeOrganisation } from './fixtures.js';

const { folders } = deliveryWorld();
const folder = () => folders.make('delta');

const before = organisationRows({ persons: 4, units: 3 });
const reversed = (rows: Rows): Rows => ({
  bruger: [...rows.bruger].reverse(),
  organisation: [...rows.organisation].reverse(),
  engagement: [...rows.engagement].reverse(),
  stillingskode: [...rows.stillingskode].reverse(),
  leder: [...rows.leder].reverse(),
});

/** Person 4 left, person 5 came, person 2 changed name and CPR, person 3 moved to unit 2. */
function after(): Rows {
  const rows = organisationRows({ persons: 5, units: 3 }, { persons: [1, 2, 3, 5] });
  const bruger = rows.bruger.map((row) => (row.BrugerId === ids.person(2) ? { ...row, Navn: 'Bent Æbelø', CPR: '3112999999' } : row));
  const engagement = rows.engagement.map((row) => (row.BrugerId === ids.person(3) ? { ...row, AfdelingsId: ids.unit(2) } : row));
  return { ...rows, bruger, engagement };
}

describe('the delta of two deliveries', () => {
  it('lists added and removed keys and the names of changed columns, per file', () => {
    const delta = deltaOf(tablesOf(before), tablesOf(after()), { deliveredAt: '2026-11-25T02:00:00.000Z', folder: '/state/x' });
    expect(delta.files.bruger).toEqual({
      before: 4,
      after: 4,
      added: [ids.person(5)],
      removed: [ids.person(4)],
      changed: [{ key: ids.person(2), columns: ['CPR', 'Navn'] }],
    });
    expect(delta.files.engagement).toEqual({
      before: 4,
      after: 4,
      added: [ids.engagement(5)],
      removed: [ids.engagement(4)],
      changed: [{ key: ids.engagement(3), columns: ['AfdelingsId'] }],
    });
    expect(delta.files.organisation).toEqual({ before: 3, after: 3, added: [], removed: [], changed: [] });
    expect(hasChanges(delta)).toBe(true);
  });

  it('finds no change when only the order of rows differs', () => {
    const delta = deltaOf(tablesOf(before), tablesOf(reversed(before)), { folder: '/elsewhere' });
    expect(hasChanges(delta)).toBe(false);
  });

  it('keys leder.csv by OrganisationsfunktionsUUID when the file has it, else by person and unit', () => {
    const rows = organisationRows({ persons: 3, units: 2 });
    const twoRoles = (titel: string): Rows => ({
      ...rows,
      leder: [
        ...rows.leder,
        { BrugerId: ids.person(2), AfdelingsID: ids.unit(2), AktivStatus: '1', Titel: titel, OrganisationsfunktionsUUID: ids.managerRole(2) },
      ],
    });
    const withoutUuid = deltaOf(tablesOf(rows), tablesOf(twoRoles('Arbejdsmiljø')), null);
    expect(withoutUuid.files.leder.added).toEqual([`${ids.person(2)}/${ids.unit(2)}`]);
    const changed = deltaOf(tablesOf(twoRoles('Arbejdsmiljø')), tablesOf(twoRoles('Personaleledelse')), { folder: 'x' });
    expect(changed.files.leder.changed).toEqual([{ key: `${ids.person(2)}/${ids.unit(2)}`, columns: ['Titel'] }]);
    const withUuid = deltaOf(tablesOf(rows, true), tablesOf(twoRoles('Arbejdsmiljø'), true), { folder: 'x' });
    expect(withUuid.files.leder.added).toEqual([ids.managerRole(2)]);
  });

  it('matches rows that share a key as a group, so that reordering them is still no change', () => {
    const rows = organisationRows({ persons: 2, units: 2 });
    const role = (titel: string) => ({ BrugerId: ids.person(1), AfdelingsID: ids.unit(1), AktivStatus: '1', Titel: titel, OrganisationsfunktionsUUID: '' });
    const a = { ...rows, leder: [role('A'), role('B')] };
    const b = { ...rows, leder: [role('B'), role('A')] };
    expect(hasChanges(deltaOf(tablesOf(a), tablesOf(b), { folder: 'x' }))).toBe(false);
    const c = { ...rows, leder: [role('B')] };
    expect(deltaOf(tablesOf(a), tablesOf(c), { folder: 'x' }).files.leder).toMatchObject({ removed: [`${ids.person(1)}/${ids.unit(1)}`], changed: [] });
  });

  it('against nothing (the first delivery), every row is added', () => {
    const delta = deltaOf(null, tablesOf(before), null);
    expect(delta.files.bruger.added).toHaveLength(4);
    expect(delta.files.bruger.before).toBe(0);
  });

  it('prints a short table: counts per file and the changed columns, never a value', () => {
    const delta = deltaOf(tablesOf(before), tablesOf(after()), { deliveredAt: '2026-11-25T02:00:00.000Z', folder: '/state/2026-11-25T02-00-00Z' });
    expect(describeDelta(delta)).toEqual([
      'delta against the delivery of 2026-11-25T02:00:00.000Z (/state/2026-11-25T02-00-00Z):',
      'file               before  after  added  removed  changed  changed columns',
      'bruger.csv              4      4      1        1        1  CPR 1, Navn 1',
      'organisation.csv        3      3      0        0        0',
      'engagement.csv          4      4      1        1        1  AfdelingsId 1',
      'stillingskode.csv       1      1      0        0        0',
      'leder.csv               1      1      0        0        0',
    ]);
  });

  it('never holds a CPR number or a name, in the table or in delta.json', async () => {
    const delta = deltaOf(tablesOf(before), tablesOf(after()), { folder: 'x' });
    const out = await folder();
    await writeDeltaJson(out, delta);
    const json = await readFile(join(out, 'delta.json'), 'utf8');
    const everything = `${json}\n${describeDelta(delta).join('\n')}`;
    expect(cprNumbersIn(everything, 5)).toEqual([]);
    expect(everything).not.toMatch(/3112999999|Søndergaard|Æbelø/);
    expect((await stat(join(out, 'delta.json'))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(json) as Delta).toEqual(delta);
  });

  it('does not echo a key that is not a UUID (it could be a CPR number in the wrong column)', () => {
    const rows = organisationRows({ persons: 1, units: 1 });
    const broken = { ...rows, bruger: rows.bruger.map((row) => ({ ...row, BrugerId: cprOf(1) })) };
    const delta = deltaOf(tablesOf(rows), tablesOf(broken), { folder: 'x' });
    expect(delta.files.bruger.added).toEqual(['(not a UUID)']);
    expect(JSON.stringify(delta)).not.toContain(cprOf(1));
  });

  it('reads both sets from files: reordered files are no change, a changed one is', async () => {
    const [a, b] = [await folder(), await folder()];
    await writeOrganisation(a, before);
    await writeOrganisation(b, reversed(before));
    expect(hasChanges((await deltaAgainstFolder(a, b, 'utf-8')).delta)).toBe(false);
    await writeOrganisation(b, after());
    const { delta } = await deltaAgainstFolder(b, a, 'utf-8');
    expect(delta.against).toEqual({ folder: a });
    expect(delta.files.bruger.changed).toEqual([{ key: ids.person(2), columns: ['CPR', 'Navn'] }]);
  });
});
