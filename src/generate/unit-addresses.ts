import type { AddressVersion, Temporal } from '../dataset/format.js';
import type { Classification } from './classes.js';
import { dayString, firstOfNextMonth, type DayNumber } from './days.js';
import { streetNames, type Municipality, type StreetAddress, type Town } from './names.js';
import { weightsOf, type Random, type Weighted } from './random.js';
import type { PlannedUnit, UnitTree } from './tree.js';

export interface UnitAddressOptions {
  tree: UnitTree;
  municipality: Municipality;
  classification: Classification;
  today: DayNumber;
}

/**
 * Whether DAR knows a postal address: almost always; a few have been
 * retired in DAR since MO got them, and MO can no longer resolve them
 * (its text `Ukendt`).
 */
type Knowledge = 'dar' | 'retired';

const knowledge = weightsOf<Knowledge>({ dar: 97, retired: 3 });

interface PostalAddress {
  /** The DAR address UUID, MO's value. */
  value: string;
  street: StreetAddress;
  town: Town;
  known: Knowledge;
}

type PostalHistory = 'same' | 'moved-in-past' | 'moves-next-month' | 'second-address';

const postalHistories = weightsOf<PostalHistory>({ same: 90, 'moved-in-past': 5, 'moves-next-month': 2.5, 'second-address': 2.5 });

const floors: readonly Weighted<string>[] = [
  ['st', 3],
  ['1', 4],
  ['2', 3],
  ['3', 1],
  ['kl', 1],
];
const doors: readonly Weighted<string>[] = [
  ['th', 4],
  ['tv', 4],
  ['mf', 1],
  ['1', 1],
];

const postalShare = 0.8;
/** Direction and centres mostly sit in the town hall. */
const townHallShareByDepth: readonly number[] = [0, 1, 1, 0.5];

type Visibility = 'Public' | 'Secret' | null;

const postalVisibility: readonly Weighted<Visibility>[] = [
  [null, 70],
  ['Public', 30],
];
const phoneVisibility: readonly Weighted<Visibility>[] = [
  [null, 60],
  ['Public', 35],
  ['Secret', 5],
];

/** Other address types: chance by unit depth (index 1 = root), and the value. */
const otherAddressRules: readonly (readonly [typeKey: string, byDepth: readonly number[], visibility: readonly Weighted<Visibility>[]])[] = [
  ['EAN', [0, 0.25, 0.25, 0.25, 0.25], [[null, 1]]],
  ['p-nummer', [0, 0.2, 0.2, 0.2, 0.4, 0.05], [[null, 1]]],
  ['PhoneUnit', [0, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45], phoneVisibility],
];

/**
 * Units' addresses: most have a postal (DAR) address, some shared (the
 * town hall), a few with floor and door, a few retired in DAR; a few move;
 * EAN and P-numbers and phone numbers besides.
 */
export function buildUnitAddresses(random: Random, options: UnitAddressOptions): Temporal<AddressVersion>[] {
  const { tree, municipality, classification, today } = options;
  const typeOf = (key: string): string => classification.byKey('org_unit_address_type', key).uuid;
  const visibilityOf = (key: Visibility): string | null => (key === null ? null : classification.byKey('visibility', key).uuid);
  const townHall: PostalAddress = {
    value: random.uuid(),
    street: municipality.townHall,
    town: municipality.towns[0] as Town,
    known: 'dar',
  };
  const newPostal = (): PostalAddress => ({
    value: random.uuid(),
    street: randomStreetAddress(random),
    town: random.chance(0.6) ? (municipality.towns[0] as Town) : random.pick(municipality.towns),
    known: random.weighted(knowledge),
  });
  const address = (unit: PlannedUnit, typeKey: string, visibility: Visibility, spans: readonly Span[]): Temporal<AddressVersion> => ({
    uuid: random.uuid(),
    versions: spans.map(({ from, to, fields }) => ({
      from: dayString(from),
      to: to === null ? null : dayString(to),
      unit: unit.uuid,
      address_type: typeOf(typeKey),
      visibility: visibilityOf(visibility),
      ...fields,
    })),
  });

  const addresses: Temporal<AddressVersion>[] = [];
  for (const unit of tree.units) {
    if (random.chance(postalShare)) {
      const postal = random.chance(townHallShareByDepth[unit.depth] ?? 0) ? townHall : newPostal();
      const visibility = random.weighted(postalVisibility);
      const history = random.weighted(postalHistories);
      for (const spans of postalSpans(random, unit, postal, history, newPostal, today)) {
        addresses.push(address(unit, 'AddressMailUnit', visibility, spans));
      }
    }
    for (const [typeKey, byDepth, visibility] of otherAddressRules) {
      if (!random.chance(byDepth[unit.depth] ?? 0)) continue;
      const fields = { value: otherAddressValue(random, typeKey, municipality) };
      addresses.push(address(unit, typeKey, random.weighted(visibility), [{ from: unit.from, to: unit.to, fields }]));
    }
  }
  return addresses;
}

interface Span {
  from: DayNumber;
  to: DayNumber | null;
  fields: Pick<AddressVersion, 'value' | 'dar'>;
}

/** The versions of each postal address object of a unit (usually one object, one version). */
function postalSpans(
  random: Random,
  unit: PlannedUnit,
  postal: PostalAddress,
  history: PostalHistory,
  newPostal: () => PostalAddress,
  today: DayNumber,
): Span[][] {
  const whole: Span[] = [{ from: unit.from, to: unit.to, fields: postalFields(postal) }];
  const nextMonth = firstOfNextMonth(today);
  const lastKnown = Math.min(today, unit.to ?? today);
  if (history === 'moved-in-past' && unit.from < lastKnown) {
    const movedOn = random.int(unit.from + 1, lastKnown);
    return [
      [
        { from: unit.from, to: movedOn - 1, fields: postalFields(newPostal()) },
        { from: movedOn, to: unit.to, fields: postalFields(postal) },
      ],
    ];
  }
  if (history === 'moves-next-month' && unit.to === null && unit.from < nextMonth) {
    return [
      [
        { from: unit.from, to: nextMonth - 1, fields: postalFields(postal) },
        { from: nextMonth, to: null, fields: postalFields(newPostal()) },
      ],
    ];
  }
  if (history === 'second-address') {
    return [whole, [{ from: unit.from, to: unit.to, fields: postalFields(newPostal()) }]];
  }
  return [whole];
}

/** MO's value and, as the simulator's DAR answers them, DAR's fields (none for a retired address). */
function postalFields(postal: PostalAddress): Span['fields'] {
  const { street, town } = postal;
  switch (postal.known) {
    case 'dar':
      return {
        value: postal.value,
        dar: {
          road_name: street.road,
          house_number: street.houseNumber,
          floor: street.floor,
          door: street.door,
          zip_code: town.zip,
          zip_code_name: town.name,
        },
      };
    case 'retired':
      return { value: postal.value };
  }
}

function randomStreetAddress(random: Random): StreetAddress {
  const letter = random.chance(0.08) ? random.pick(['A', 'B', 'C', 'D']) : '';
  const floor = random.chance(0.2) ? random.weighted(floors) : null;
  // DAR has doors without a floor too, rarely
  const door = random.chance(floor === null ? 0.02 : 0.85) ? random.weighted(doors) : null;
  return { road: random.pick(streetNames), houseNumber: `${random.int(1, 150)}${letter}`, floor, door };
}

function otherAddressValue(random: Random, typeKey: string, municipality: Municipality): string {
  const digits = (count: number): string => String(random.int(0, 10 ** count - 1)).padStart(count, '0');
  const values: Readonly<Record<string, () => string>> = {
    EAN: () => `5798000${digits(6)}`,
    'p-nummer': () => `10${digits(8)}`,
    PhoneUnit: () => `${municipality.phonePrefix}${digits(4)}`,
  };
  return (values[typeKey] ?? (() => digits(8)))();
}
