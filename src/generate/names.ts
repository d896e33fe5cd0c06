import type { Random } from './random.js';

/** A postal district: a real Danish 4-digit postal code and its name. */
export interface Town {
  zip: string;
  name: string;
}

/** A street address as DAR knows it. */
export interface StreetAddress {
  road: string;
  houseNumber: string;
  floor: string | null;
  door: string | null;
}

export interface Municipality {
  /** The town the municipality is named after, e.g. "Viborg". */
  name: string;
  /** E-mail domain of the municipality's staff. */
  domain: string;
  /** The first four digits of the town hall's phone numbers. */
  phonePrefix: string;
  townHall: StreetAddress;
  /** The main town first. */
  towns: readonly Town[];
}

const house = (road: string, houseNumber: string): StreetAddress => ({ road, houseNumber, floor: null, door: null });

export const municipalities: readonly Municipality[] = [
  {
    name: 'Viborg',
    domain: 'viborg.dk',
    phonePrefix: '8787',
    townHall: house('Prinsens Allé', '5'),
    towns: [
      { zip: '8800', name: 'Viborg' },
      { zip: '8850', name: 'Bjerringbro' },
      { zip: '7470', name: 'Karup J' },
      { zip: '7850', name: 'Stoholm Jyll' },
      { zip: '9632', name: 'Møldrup' },
      { zip: '8830', name: 'Tjele' },
      { zip: '8832', name: 'Skals' },
      { zip: '8831', name: 'Løgstrup' },
    ],
  },
  {
    name: 'Silkeborg',
    domain: 'silkeborg.dk',
    phonePrefix: '8970',
    townHall: house('Søvej', '1'),
    towns: [
      { zip: '8600', name: 'Silkeborg' },
      { zip: '8620', name: 'Kjellerup' },
      { zip: '8632', name: 'Lemming' },
      { zip: '8641', name: 'Sorring' },
      { zip: '8653', name: 'Them' },
      { zip: '8680', name: 'Ry' },
      { zip: '8883', name: 'Gjern' },
    ],
  },
  {
    name: 'Skive',
    domain: 'skive.dk',
    phonePrefix: '9915',
    townHall: house('Torvegade', '10'),
    towns: [
      { zip: '7800', name: 'Skive' },
      { zip: '7840', name: 'Højslev' },
      { zip: '7860', name: 'Spøttrup' },
      { zip: '7870', name: 'Roslev' },
      { zip: '7884', name: 'Fur' },
    ],
  },
  {
    name: 'Holstebro',
    domain: 'holstebro.dk',
    phonePrefix: '9611',
    townHall: house('Kirkestræde', '11'),
    towns: [
      { zip: '7500', name: 'Holstebro' },
      { zip: '7830', name: 'Vinderup' },
      { zip: '6990', name: 'Ulfborg' },
      { zip: '7570', name: 'Vemb' },
    ],
  },
  {
    name: 'Herning',
    domain: 'herning.dk',
    phonePrefix: '9628',
    townHall: house('Torvet', '5'),
    towns: [
      { zip: '7400', name: 'Herning' },
      { zip: '7451', name: 'Sunds' },
      { zip: '7480', name: 'Vildbjerg' },
      { zip: '7490', name: 'Aulum' },
      { zip: '6933', name: 'Kibæk' },
      { zip: '7550', name: 'Sørvad' },
    ],
  },
];

export const femaleGivenNames: readonly string[] = [
  'Anne',
  'Kirsten',
  'Mette',
  'Hanne',
  'Anna',
  'Helle',
  'Susanne',
  'Lene',
  'Maria',
  'Marianne',
  'Lone',
  'Camilla',
  'Pia',
  'Louise',
  'Charlotte',
  'Tina',
  'Gitte',
  'Bente',
  'Jette',
  'Inge',
  'Karen',
  'Ida',
  'Emma',
  'Sofie',
  'Laura',
  'Julie',
  'Freja',
  'Cecilie',
  'Mathilde',
  'Line',
  'Sanne',
  'Birgitte',
  'Rikke',
  'Malene',
  'Trine',
  'Signe',
  'Katrine',
  'Ditte',
  'Maja',
  'Stine',
  'Nanna',
  'Marie',
  'Sara',
  'Josefine',
  'Astrid',
  'Ellen',
  'Agnete',
  'Birthe',
  'Dorthe',
  'Heidi',
];

export const maleGivenNames: readonly string[] = [
  'Peter',
  'Jens',
  'Lars',
  'Michael',
  'Henrik',
  'Thomas',
  'Søren',
  'Jan',
  'Niels',
  'Anders',
  'Morten',
  'Jesper',
  'Mads',
  'Rasmus',
  'Martin',
  'Christian',
  'Hans',
  'Per',
  'Mikkel',
  'Jørgen',
  'Kim',
  'Ole',
  'Frederik',
  'Mathias',
  'Jonas',
  'Kasper',
  'Simon',
  'Jacob',
  'Emil',
  'Oliver',
  'Magnus',
  'Nikolaj',
  'Torben',
  'Poul',
  'Bent',
  'Erik',
  'Steen',
  'Claus',
  'Brian',
  'Kenneth',
  'Allan',
  'Bo',
  'Carsten',
  'Flemming',
  'Gustav',
  'Karl',
  'Lasse',
  'Troels',
  'Villads',
  'Asger',
];

export const surnames: readonly string[] = [
  'Nielsen',
  'Jensen',
  'Hansen',
  'Pedersen',
  'Andersen',
  'Christensen',
  'Larsen',
  'Sørensen',
  'Rasmussen',
  'Jørgensen',
  'Petersen',
  'Madsen',
  'Kristensen',
  'Olsen',
  'Thomsen',
  'Christiansen',
  'Poulsen',
  'Johansen',
  'Møller',
  'Mortensen',
  'Knudsen',
  'Jakobsen',
  'Jacobsen',
  'Mikkelsen',
  'Olesen',
  'Frederiksen',
  'Laursen',
  'Henriksen',
  'Lund',
  'Schmidt',
  'Eriksen',
  'Holm',
  'Kristiansen',
  'Clausen',
  'Simonsen',
  'Svendsen',
  'Andreasen',
  'Iversen',
  'Jeppesen',
  'Mogensen',
  'Jespersen',
  'Nissen',
  'Lauridsen',
  'Frandsen',
  'Østergaard',
  'Jepsen',
  'Kjær',
  'Carlsen',
  'Vestergaard',
  'Jessen',
  'Nørgaard',
  'Dahl',
  'Christoffersen',
  'Skov',
  'Søndergaard',
  'Bertelsen',
  'Bruun',
  'Lassen',
  'Bach',
  'Gregersen',
  'Friis',
  'Johnsen',
  'Steffensen',
  'Kjeldsen',
  'Bech',
  'Krogh',
  'Lauritsen',
  'Danielsen',
  'Mathiesen',
  'Andresen',
  'Brandt',
  'Winther',
  'Toft',
  'Ravn',
  'Dam',
  'Holst',
  'Lind',
  'Berg',
  'Schou',
  'Overgaard',
  'Thorsen',
  'Koch',
  'Thygesen',
  'Yilmaz',
  'Nguyen',
  'Ahmed',
  'Hussein',
  'Ali',
  'Kowalski',
  'Öztürk',
];

export const streetNames: readonly string[] = [
  'Søndersøvej',
  'Torvet',
  'Vestergade',
  'Østergade',
  'Nørregade',
  'Søndergade',
  'Jernbanegade',
  'Kirkevej',
  'Skolevej',
  'Møllevej',
  'Stationsvej',
  'Bygaden',
  'Hovedgaden',
  'Industrivej',
  'Parkvej',
  'Engvej',
  'Skovvej',
  'Vestre Ringvej',
  'Kongensgade',
  'Bredgade',
  'Markvej',
  'Birkevej',
  'Egevej',
  'Lindevej',
  'Rosenvej',
  'Ahornvej',
  'Bøgevej',
  'Kastanievej',
  'Tværgade',
  'Fabriksvej',
  'Sankt Mogens Gade',
  'Gl. Landevej',
  'Nørremarken',
  'Solvænget',
  'Tingvej',
  'Grønnegade',
  'Ll. Sct. Hans Gade',
  'Åboulevarden',
  'Rughavevej',
  'Havrevænget',
];

/** Names of day-care homes and residences. */
export const flowerNames: readonly string[] = [
  'Solsikken',
  'Mælkebøtten',
  'Regnbuen',
  'Troldehøj',
  'Skovbrynet',
  'Engblommen',
  'Spiren',
  'Myretuen',
  'Humlebien',
  'Fyrtårnet',
  'Stjernen',
  'Lærkereden',
  'Tusindfryd',
  'Anemonen',
  'Kløverhuset',
  'Pilehuset',
  'Kastanjen',
  'Hyldebærhuset',
  'Valmuen',
  'Blåklokken',
];

/** Neighbourhood-like place names for schools, centres and depots. */
export const placeNames: readonly string[] = [
  'Vestervang',
  'Nørremarken',
  'Søndermarken',
  'Kildebakken',
  'Egeskoven',
  'Lindegården',
  'Ågården',
  'Bakkehuset',
  'Bøgely',
  'Rosenly',
  'Solgården',
  'Kærhøj',
  'Møllehuset',
  'Birkely',
  'Ahorngården',
  'Skovly',
  'Overlund',
  'Houlkær',
  'Rindsholm',
  'Tapdrup',
  'Vestre',
  'Nordre',
  'Søndre',
  'Østre',
  'Engdraget',
  'Stavnsholt',
  'Granly',
  'Toftegården',
  'Hedegården',
  'Åstrup',
];

export const districtNames: readonly string[] = ['Nord', 'Syd', 'Øst', 'Vest', 'Midt', 'Nordvest', 'Sydøst'];

export const teamNames: readonly string[] = ['Ørnen', 'Falken', 'Uglen', 'Bjørnen', 'Ræven', 'Egernet', 'Hjorten', 'Svalen', 'Odderen', 'Mågen'];

export interface PersonName {
  given: string;
  surname: string;
}

/** A Danish name; about one in four has two given names, one in seven two surnames. */
export function personName(random: Random, female: boolean): PersonName {
  const pool = female ? femaleGivenNames : maleGivenNames;
  const first = random.pick(pool);
  const second = random.chance(0.25) ? random.pick(pool) : first;
  const given = second === first ? first : `${first} ${second}`;
  const last = random.pick(surnames);
  const middle = random.chance(0.15) ? random.pick(surnames) : last;
  return { given, surname: middle === last ? last : `${middle} ${last}` };
}

const asciiLetters: Readonly<Record<string, string>> = { æ: 'ae', ø: 'oe', å: 'aa', ö: 'oe', ü: 'ue', é: 'e' };

/** Lower-case ASCII for e-mail addresses: "Søren Østergaard" -> "soeren.oestergaard". */
export function mailPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[æøåöüé]/g, (letter) => asciiLetters[letter] ?? letter)
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

/** "Søndersøvej 2, 1. th", as DAR writes an address's street part. */
export function streetLine(address: StreetAddress): string {
  const floor = address.floor === null ? '' : `, ${address.floor}.`;
  const door = address.door === null ? '' : address.floor === null ? `, ${address.door}` : ` ${address.door}`;
  return `${address.road} ${address.houseNumber}${floor}${door}`;
}
