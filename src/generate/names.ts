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

/** A postal district written as on a letter, "8800 Viborg". */
const town = (district: string): Town => ({ zip: district.slice(0, 4), name: district.slice(5) });

const municipality = (name: string, domain: string, phonePrefix: string, townHall: StreetAddress, districts: readonly string[]): Municipality => ({
  name,
  domain,
  phonePrefix,
  townHall,
  towns: districts.map(town),
});

export const municipalities: readonly Municipality[] = [
  municipality('Viborg', 'viborg.dk', '8787', house('Prinsens Allé', '5'), [
    '8800 Viborg',
    '8850 Bjerringbro',
    '7470 Karup J',
    '7850 Stoholm Jyll',
    '9632 Møldrup',
    '8830 Tjele',
    '8832 Skals',
    '8831 Løgstrup',
  ]),
  municipality('Silkeborg', 'silkeborg.dk', '8970', house('Søvej', '1'), [
    '8600 Silkeborg',
    '8620 Kjellerup',
    '8632 Lemming',
    '8641 Sorring',
    '8653 Them',
    '8680 Ry',
    '8883 Gjern',
  ]),
  municipality('Skive', 'skive.dk', '9915', house('Torvegade', '10'), ['7800 Skive', '7840 Højslev', '7860 Spøttrup', '7870 Roslev', '7884 Fur']),
  municipality('Holstebro', 'holstebro.dk', '9611', house('Kirkestræde', '11'), ['7500 Holstebro', '7830 Vinderup', '6990 Ulfborg', '7570 Vemb']),
  municipality('Herning', 'herning.dk', '9628', house('Torvet', '5'), [
    '7400 Herning',
    '7451 Sunds',
    '7480 Vildbjerg',
    '7490 Aulum',
    '6933 Kibæk',
    '7550 Sørvad',
  ]),
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
