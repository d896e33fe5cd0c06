/** The five files and their columns, in the contract's order. */
export const fileColumns = {
  bruger: ['BrugerId', 'CPR', 'Navn', 'E-mail', 'Mobil', 'Stilling'],
  organisation: ['AfdelingsID', 'Afdelingsnavn', 'Parentid', 'Gade', 'Postnr', 'By'],
  engagement: ['EngagementId', 'BrugerId', 'AfdelingsId', 'AktivStatus', 'StillingskodeId', 'Primær', 'Engagementstype', 'StartdatoEngagement'],
  stillingskode: ['StillingskodeID', 'AktivStatus', 'Stillingskode', 'Stillingskode#'],
  leder: ['BrugerId', 'AfdelingsID', 'AktivStatus', 'Titel', 'OrganisationsfunktionsUUID'],
} as const;

export type FileName = keyof typeof fileColumns;

export const fileNames = Object.keys(fileColumns) as FileName[];

export type Row<F extends FileName> = Record<(typeof fileColumns)[F][number], string>;

export type Rows = { [F in FileName]: Row<F>[] };

/** The columns written for a file: leder.csv has its fifth column only in the RSD variant. */
export function columnsOf(file: FileName, managerFunctionUuidColumn: boolean): readonly string[] {
  const columns = fileColumns[file];
  return file === 'leder' && !managerFunctionUuidColumn ? columns.slice(0, 4) : columns;
}
