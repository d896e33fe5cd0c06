import type { TableRow } from '../../src/compare/diff.js';
import { writeCsvFiles } from '../../src/csv/files.js';
import { recordDelivery } from '../../src/delivery/history.js';
import { perFile, readDeliverySet, type Tables } from '../../src/delivery/read-files.js';
import { columnsOf, type Rows } from '../../src/export/columns.js';

/** A UUID per kind and number: `aaaaaaaa-0000-4000-8000-000000000007`. */
const id = (kind: string, number: number) => `${kind.repeat(8)}-0000-4000-8000-${number.toString(16).padStart(12, '0')}`;

export const ids = {
  person: (n: number) => id('a', n),
  unit: (n: number) => id('b', n),
  engagement: (n: number) => id('c', n),
  job: (n: number) => id('d', n),
  managerRole: (n: number) => id('e', n),
};

/** A fake, unique 10-digit CPR number per person. */
export const cprOf = (n: number) => `0101${String(800000 + n)}`;

export interface Organisation {
  /** Persons 1..persons; each has one engagement, numbered as the person. */
  persons: number;
  /** Units 1..units: unit 1 is the root, the others its children. */
  units: number;
}

/**
 * A contract-valid set of rows: person n works in unit (n mod units) + 1;
 * person 1 manages the root. Persons or units left out with `keep` are
 * dropped with their engagements and manager roles (engagements in a
 * dropped unit move to the root), so references stay intact.
 */
export function organisationRows({ persons, units }: Organisation, keep: { persons?: number[]; units?: number[] } = {}): Rows {
  const personNumbers = keep.persons ?? range(persons);
  const unitNumbers = keep.units ?? range(units);
  const unitOf = (n: number) => {
    const unit = (n % units) + 1;
    return unitNumbers.includes(unit) ? unit : 1;
  };
  return {
    bruger: personNumbers.map((n) => ({
      BrugerId: ids.person(n),
      CPR: cprOf(n),
      Navn: `Person ${n} Søndergaard`,
      'E-mail': `p${n}@viborg.dk`,
      Mobil: '',
      Stilling: 'Lærer',
    })),
    organisation: unitNumbers.map((n) => ({
      AfdelingsID: ids.unit(n),
      Afdelingsnavn: `Afdeling ${n}`,
      Parentid: n === 1 ? '' : ids.unit(1),
      Gade: 'Prinsens Allé 5',
      Postnr: '8800',
      By: 'Viborg',
    })),
    engagement: personNumbers.map((n) => ({
      EngagementId: ids.engagement(n),
      BrugerId: ids.person(n),
      AfdelingsId: ids.unit(unitOf(n)),
      AktivStatus: '1',
      StillingskodeId: ids.job(1),
      Primær: '1',
      Engagementstype: 'Månedsløn',
      StartdatoEngagement: '',
    })),
    stillingskode: [{ StillingskodeID: ids.job(1), AktivStatus: '1', Stillingskode: 'Lærer', 'Stillingskode#': ids.job(1) }],
    leder: personNumbers.includes(1)
      ? [{ BrugerId: ids.person(1), AfdelingsID: ids.unit(1), AktivStatus: '1', Titel: 'Personaleledelse', OrganisationsfunktionsUUID: ids.managerRole(1) }]
      : [],
  };
}

export function range(count: number, from = 1): number[] {
  return Array.from({ length: count }, (_, index) => from + index);
}

export async function writeOrganisation(directory: string, rows: Rows, managerFunctionUuidColumn = false): Promise<void> {
  await writeCsvFiles(directory, rows, { encoding: 'utf-8', managerFunctionUuidColumn });
}

/** Writes `rows` into `folder` and keeps them in the history at `state` as the delivery of 2026-11-25T02:00:00Z. */
export async function keepEarlierDelivery(state: string, folder: string, rows: Rows): Promise<void> {
  await writeOrganisation(folder, rows);
  await recordDelivery(
    state,
    await readDeliverySet(folder, 'utf-8'),
    { server: 'ftpes server x:21', folder: 'the login folder' },
    'utf-8',
    14,
    new Date('2026-11-25T02:00:00Z'),
  );
}

/** Tables as read back from files, straight from rows (leder with or without its fifth column). */
export function tablesOf(rows: Rows, managerFunctionUuidColumn = false): Tables {
  return perFile((file) => {
    const columns = columnsOf(file, managerFunctionUuidColumn);
    const list: readonly TableRow[] = rows[file];
    return { columns, rows: list.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? '']))) };
  });
}

/** Every CPR number of persons 1..count that occurs in `text`. */
export function cprNumbersIn(text: string, count: number): string[] {
  return range(count)
    .map(cprOf)
    .filter((cpr) => text.includes(cpr));
}
