import type { Class, Facet } from '../dataset/format.js';
import type { Random } from './random.js';

export const facetKeys = [
  'engagement_job_function',
  'engagement_type',
  'org_unit_level',
  'org_unit_type',
  'responsibility',
  'manager_type',
  'manager_level',
  'visibility',
  'primary_type',
  'employee_address_type',
  'org_unit_address_type',
] as const;

export type FacetKey = (typeof facetKeys)[number];

/** A class as the tables below write it; the user_key defaults to the name. */
type ClassRow = readonly [name: string, scope?: string | null, userKey?: string];

/**
 * Job titles as a Danish municipality has them. "Pædagog" is there twice
 * (two SD codes, one title), as happens in MO, so that sorting by name
 * meets a tie.
 */
const jobFunctions: readonly ClassRow[] = [
  // everywhere
  ['Fuldmægtig'],
  ['Administrativ medarbejder'],
  ['Kontorassistent'],
  ['Specialkonsulent'],
  ['Konsulent'],
  ['Leder'],
  ['Afdelingsleder'],
  ['Souschef'],
  ['Servicemedarbejder'],
  ['Rengøringsassistent'],
  ['Køkkenassistent'],
  ['Kontorelev'],
  ['Studentermedhjælper'],
  ['Projektleder'],
  // children and schools
  ['Pædagog'],
  ['Pædagog', null, 'Pædagog (SD 7122)'],
  ['Pædagogmedhjælper'],
  ['Pædagogisk assistent'],
  ['Skolelærer'],
  ['Børnehaveklasseleder'],
  ['Skoleleder'],
  ['Dagplejer'],
  ['Sundhedsplejerske'],
  ['Psykolog'],
  ['Tale-hørekonsulent'],
  ['Skolesekretær'],
  ['Institutionsleder'],
  ['Pædagogstuderende'],
  // health and care
  ['Social- og sundhedsassistent'],
  ['Social- og sundhedshjælper'],
  ['Sygeplejerske'],
  ['Fysioterapeut'],
  ['Ergoterapeut'],
  ['Ernæringsassistent'],
  ['Visitator'],
  ['Overlæge'],
  ['Læge'],
  ['Tandlæge'],
  ['Tandplejer'],
  ['Klinikassistent'],
  ['Centerleder'],
  ['Social- og sundhedselev'],
  // social affairs and employment
  ['Socialrådgiver'],
  ['Socialpædagog'],
  ['Jobkonsulent'],
  ['Sagsbehandler'],
  ['Misbrugsbehandler'],
  ['Mentor'],
  ['Ydelsesmedarbejder'],
  // technical services
  ['Ingeniør'],
  ['Arkitekt'],
  ['Landinspektør'],
  ['Miljøtekniker'],
  ['Byggesagsbehandler'],
  ['Vejmand'],
  ['Gartner'],
  ['Brandmand'],
  ['Håndværker'],
  ['Chauffør'],
  ['Driftsleder'],
  ['Teknisk servicemedarbejder'],
  // culture and citizens' service
  ['Bibliotekar'],
  ['Biblioteksassistent'],
  ['Musikskolelærer'],
  ['Kulturmedarbejder'],
  ['Borgerservicemedarbejder'],
  ['Kulturkonsulent'],
  // staff functions
  ['Økonomikonsulent'],
  ['Lønkonsulent'],
  ['HR-konsulent'],
  ['IT-konsulent'],
  ['IT-supporter'],
  ['Jurist'],
  ['Controller'],
  ['Direktør'],
  ['Kommunaldirektør'],
  ['Chef'],
  // in no area's profile: classes no engagement uses
  ['Jordemoder'],
  ['Dyrlæge'],
];

/** Facet tables; scopes as MO has them. */
const classTables: Readonly<Record<FacetKey, readonly ClassRow[]>> = {
  engagement_job_function: jobFunctions,
  engagement_type: [
    ['Månedsløn', null, 'månedsløn'],
    ['Timeløn', null, 'timeløn'],
    ['Elev', null, 'elev'],
    ['Frivillig', null, 'frivillig'],
    ['Vikar', null, 'vikar'],
  ],
  org_unit_level: [['Niveau 1'], ['Niveau 2'], ['Niveau 3'], ['Niveau 4'], ['NY1-niveau'], ['NY0-niveau'], ['Afdelings-niveau']],
  org_unit_type: [['Direktørområde'], ['Forvaltning'], ['Center'], ['Afdeling'], ['Institution'], ['Team']],
  responsibility: [
    ['Personaleledelse'],
    ['Budgetansvar'],
    ['Arbejdsmiljø'],
    ['Faglig ledelse'],
    ['Pædagogisk ledelse'],
    ['Lønforhandling'],
    ['Strategisk ledelse'],
  ],
  manager_type: [['Direktør'], ['Chef'], ['Leder'], ['Souschef'], ['Teamleder']],
  manager_level: [['Direktionsniveau'], ['Chefniveau'], ['Lederniveau'], ['Mellemlederniveau']],
  visibility: [
    ['Offentlig', 'PUBLIC', 'Public'],
    ['Intern', 'INTERNAL', 'Internal'],
    ['Hemmelig', 'SECRET', 'Secret'],
  ],
  primary_type: [
    ['Ikke-primær', '0', 'non-primary'],
    ['Primær', '3000', 'primary'],
    ['Eksplicit primær', '5000', 'explicitly-primary'],
  ],
  employee_address_type: [
    ['Email', 'EMAIL', 'EmailEmployee'],
    ['Privat e-mail', 'EMAIL', 'PrivateEmailEmployee'],
    ['Mobiltelefon', 'PHONE', 'MobilePhoneEmployee'],
    ['Telefon', 'PHONE', 'PhoneEmployee'],
  ],
  org_unit_address_type: [
    ['Postadresse', 'DAR', 'AddressMailUnit'],
    ['EAN-nummer', 'EAN', 'EAN'],
    ['P-nummer', 'PNUMBER', 'p-nummer'],
    ['Telefon', 'PHONE', 'PhoneUnit'],
  ],
};

/**
 * The org_unit_level names a deployment lists in
 * `integrations.SD_Lon.import.too_deep`: the generator puts the SD-style
 * units below "Niveau 4" on these levels.
 */
export const tooDeepLevelNames: readonly string[] = ['NY1-niveau', 'NY0-niveau', 'Afdelings-niveau'];

export interface Classification {
  facets: Facet[];
  classes: Class[];
  /** The class of the facet with the user_key; throws for an unknown one (a bug in the tables). */
  byKey(facet: FacetKey, userKey: string): Class;
  inFacet(facet: FacetKey): readonly Class[];
}

export function buildClassification(random: Random): Classification {
  const facets: Facet[] = facetKeys.map((user_key) => ({ uuid: random.uuid(), user_key }));
  const classes: Class[] = facetKeys.flatMap((facet) =>
    classTables[facet].map(([name, scope = null, userKey = name]) => ({
      uuid: random.uuid(),
      facet,
      user_key: userKey,
      name,
      scope,
    })),
  );
  const byFacet = new Map(facetKeys.map((facet) => [facet, classes.filter((c) => c.facet === facet)]));
  const byKeyInFacet = new Map(facetKeys.map((facet) => [facet, new Map((byFacet.get(facet) ?? []).map((c) => [c.user_key, c]))]));
  return {
    facets,
    classes,
    byKey(facet, userKey) {
      const found = byKeyInFacet.get(facet)?.get(userKey);
      if (!found) throw new Error(`no class ${JSON.stringify(userKey)} in facet ${facet}`);
      return found;
    },
    inFacet: (facet) => byFacet.get(facet) ?? [],
  };
}
