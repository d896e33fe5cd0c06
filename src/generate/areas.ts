/**
 * The areas of a Danish municipality under the direction: how their units
 * are named at each level and which job functions (class user_keys) their
 * staff have. Name patterns take {flower}, {place}, {district}, {town} and
 * {team}; jobs come with their relative weights.
 */
export interface AreaTemplate {
  /** The direktørområde (Niveau 2). */
  name: string;
  /** Centres and departments (Niveau 3) and what is below them. */
  centres: readonly CentreTemplate[];
  /** SD-style teams below a section (depth 6). */
  teams: readonly string[];
  jobs: readonly string[];
}

export interface CentreTemplate {
  name: string;
  /** Institutions and offices (Niveau 4). */
  institutions: readonly string[];
  /** SD-style sections of an institution (depth 5). */
  sections: readonly string[];
}

const centre = (name: string, institutions: readonly string[], sections: readonly string[]): CentreTemplate => ({
  name,
  institutions,
  sections,
});

/** Each job as many times as its weight, so that a pick from the list follows the weights. */
const jobsByWeight = (weights: Readonly<Record<string, number>>): string[] =>
  Object.entries(weights).flatMap(([job, weight]) => Array.from({ length: weight }, () => job));

const careShifts = ['Dagvagt', 'Aftenvagt', 'Nattevagt'];

export const areaTemplates: readonly AreaTemplate[] = [
  {
    name: 'Børn og Unge',
    centres: [
      centre('Dagtilbud', ['Børnehuset {flower}', 'Børnehaven {flower}', 'Dagplejen {district}'], ['Vuggestuen', 'Børnehaven', 'Køkkenet']),
      centre('Skoler', ['{place} Skole', '{town} Skole'], ['SFO', 'Indskolingen', 'Mellemtrinnet', 'Udskolingen', 'Specialklasserne']),
      centre('Familie og Forebyggelse', ['Familiehuset {place}', 'Familieteam {district}'], ['Myndighed', 'Forebyggelse', 'Team {district}']),
      centre('Pædagogisk Psykologisk Rådgivning', ['PPR {district}'], ['Psykologerne', 'Tale-høre']),
      centre('Sundhedsplejen', ['Sundhedsplejen {district}'], ['Team {district}']),
      centre('Ungdomsskolen', ['Ungdomsskolen {town}', 'Klub {place}'], ['Klubben', 'Undervisning']),
    ],
    teams: ['Gruppe {team}', 'Stue {team}', 'Team {team}'],
    jobs: jobsByWeight({
      Pædagog: 3,
      'Pædagog (SD 7122)': 1,
      Pædagogmedhjælper: 2,
      'Pædagogisk assistent': 1,
      Skolelærer: 3,
      Børnehaveklasseleder: 1,
      Dagplejer: 1,
      Sundhedsplejerske: 1,
      Psykolog: 1,
      'Tale-hørekonsulent': 1,
      Skolesekretær: 1,
      Institutionsleder: 1,
      Skoleleder: 1,
    }),
  },
  {
    name: 'Sundhed og Omsorg',
    centres: [
      centre('Hjemmeplejen', ['Hjemmeplejen {district}', 'Hjemmeplejen {town}'], [...careShifts, 'Team {district}']),
      centre('Plejecentre', ['Plejecenter {place}', 'Plejehjemmet {flower}'], [...careShifts, 'Demensafsnittet', 'Køkkenet']),
      centre('Sygeplejen', ['Sygeplejen {district}'], [...careShifts, 'Sygeplejeklinikken']),
      centre('Træning og Rehabilitering', ['Træningscenter {town}', 'Aktivitetscentret {place}'], ['Genoptræning', 'Rehabilitering', 'Aktiviteter']),
      centre('Visitation og Hjælpemidler', ['Visitationen {district}', 'Hjælpemiddeldepotet'], ['Myndighed', 'Depotet']),
      centre('Tandplejen', ['Tandklinikken {place}'], ['Klinikken', 'Omsorgstandplejen']),
    ],
    teams: ['Gruppe {team}', 'Team {team}', 'Bo-enhed {team}'],
    jobs: jobsByWeight({
      'Social- og sundhedsassistent': 3,
      'Social- og sundhedshjælper': 3,
      Sygeplejerske: 2,
      Fysioterapeut: 1,
      Ergoterapeut: 1,
      Ernæringsassistent: 1,
      Visitator: 1,
      Overlæge: 1,
      Læge: 1,
      Tandlæge: 1,
      Tandplejer: 1,
      Klinikassistent: 1,
      Centerleder: 1,
    }),
  },
  {
    name: 'Social og Beskæftigelse',
    centres: [
      centre('Jobcenter', ['Jobcenter {town}', 'Ungecenter {town}'], ['Modtagelsen', 'Ungeindsatsen', 'Sygedagpenge', 'Virksomhedsservice']),
      centre('Ydelsescenter', ['Ydelser {district}'], ['Kontanthjælp', 'Boligstøtte']),
      centre('Handicap og Psykiatri', ['Bostedet {flower}', 'Botilbuddet {place}'], ['Bofællesskabet', 'Dagtilbuddet', 'Nattevagt']),
      centre('Socialcenter', ['Værestedet {place}', 'Socialteam {district}'], ['Team {district}', 'Opsøgende team']),
      centre('Integration', ['Sprogcenter {town}'], ['Danskuddannelse', 'Integrationsteamet']),
      centre('Misbrugscenter', ['Misbrugscenter {town}'], ['Behandling', 'Rådgivning']),
    ],
    teams: ['Gruppe {team}', 'Bo-enhed {team}', 'Team {team}'],
    jobs: jobsByWeight({
      Socialrådgiver: 3,
      Socialpædagog: 3,
      Jobkonsulent: 2,
      Sagsbehandler: 2,
      Misbrugsbehandler: 1,
      Mentor: 1,
      Ydelsesmedarbejder: 1,
      Psykolog: 1,
      'Social- og sundhedsassistent': 1,
      Pædagog: 1,
    }),
  },
  {
    name: 'Teknik og Miljø',
    centres: [
      centre('Vej og Park', ['Materielgården {district}', 'Driftsgården {place}'], ['Vejdrift', 'Grønne områder', 'Værkstedet']),
      centre('Byggeri og Plan', ['Byggesager {district}', 'Planafdelingen'], ['Team {district}', 'Byggesagsteamet']),
      centre('Natur og Miljø', ['Miljøteamet {district}', 'Naturteamet'], ['Tilsyn', 'Vandløb']),
      centre('Ejendomme', ['Ejendomsservice {district}'], ['Teknisk service', 'Rengøring']),
      centre('Beredskab', ['Brandstation {town}'], ['Vagtholdet', 'Forebyggelse']),
      centre('Affald og Genbrug', ['Genbrugspladsen {town}'], ['Pladsen', 'Indsamling']),
    ],
    teams: ['Hold {team}', 'Vagthold {district}'],
    jobs: jobsByWeight({
      Ingeniør: 1,
      Arkitekt: 1,
      Landinspektør: 1,
      Miljøtekniker: 2,
      Byggesagsbehandler: 2,
      Vejmand: 2,
      Gartner: 2,
      Brandmand: 2,
      Håndværker: 2,
      Chauffør: 1,
      Driftsleder: 1,
      'Teknisk servicemedarbejder': 2,
    }),
  },
  {
    name: 'Kultur og Borgerservice',
    centres: [
      centre('Biblioteker', ['{town} Bibliotek'], ['Udlån', 'Børnebiblioteket', 'Formidling']),
      centre('Borgerservice', ['Borgerservice {town}'], ['Pas og Kørekort', 'Betjening']),
      centre('Kultur og Fritid', ['Kulturhuset {place}', 'Idrætscentret {place}'], ['Caféen', 'Hallerne', 'Arrangementer']),
      centre('Musikskolen', ['Musikskolen {district}'], ['Undervisning', 'Ensembler']),
    ],
    teams: ['Team {team}'],
    jobs: jobsByWeight({
      Bibliotekar: 2,
      Biblioteksassistent: 2,
      Musikskolelærer: 2,
      Kulturmedarbejder: 1,
      Borgerservicemedarbejder: 2,
      Kulturkonsulent: 1,
      Servicemedarbejder: 1,
    }),
  },
  {
    name: 'Økonomi og Personale',
    centres: [
      centre('Økonomi', ['Budget og Analyse', 'Regnskab {district}'], ['Team {district}', 'Controlling']),
      centre('HR og Personale', ['HR-partnere {district}', 'Arbejdsmiljø'], ['Team {district}', 'Rekruttering']),
      centre('IT og Digitalisering', ['Servicedesk {district}', 'IT-drift'], ['Support', 'Drift', 'Udvikling']),
      centre('Sekretariatet', ['Juridisk Kontor', 'Byrådssekretariatet'], ['Team {district}']),
      centre('Indkøb', ['Udbud og Kontrakter'], ['Team {district}']),
      centre('Løn', ['Lønteamet {district}'], ['Team {district}', 'Refusion']),
    ],
    teams: ['Gruppe {team}'],
    jobs: jobsByWeight({
      Økonomikonsulent: 2,
      Lønkonsulent: 1,
      'HR-konsulent': 1,
      'IT-konsulent': 1,
      'IT-supporter': 1,
      Jurist: 1,
      Controller: 1,
      Fuldmægtig: 2,
      Specialkonsulent: 1,
    }),
  },
];

/** Jobs at the root and in the direktørområder themselves. */
export const directionJobs: readonly string[] = [
  'Kommunaldirektør',
  'Direktør',
  'Chef',
  'Specialkonsulent',
  'Konsulent',
  'Fuldmægtig',
  'Administrativ medarbejder',
  'Jurist',
];

/** Jobs found in every area, drawn for about one engagement in five. */
export const generalJobs: readonly string[] = [
  'Fuldmægtig',
  'Administrativ medarbejder',
  'Kontorassistent',
  'Specialkonsulent',
  'Konsulent',
  'Projektleder',
  'Leder',
  'Afdelingsleder',
  'Souschef',
  'Servicemedarbejder',
  'Rengøringsassistent',
  'Køkkenassistent',
  'Studentermedhjælper',
];

/** Jobs of engagements of type "Elev". */
export const traineeJobs: readonly string[] = ['Kontorelev', 'Pædagogstuderende', 'Social- og sundhedselev'];
