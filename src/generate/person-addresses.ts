import type { AddressVersion, Temporal } from '../dataset/format.js';
import type { Classification } from './classes.js';
import { dayString, yearOf, type DayNumber } from './days.js';
import { mailPart, type Municipality } from './names.js';
import type { PlannedPerson } from './persons.js';
import { weightsOf, type Random, type Weighted } from './random.js';

export interface PersonAddressOptions {
  persons: readonly PlannedPerson[];
  /** First day of each person's earliest engagement. */
  firstStart: ReadonlyMap<PlannedPerson, DayNumber>;
  municipality: Municipality;
  classification: Classification;
  today: DayNumber;
}

type Visibility = 'Public' | 'Internal' | 'Secret' | null;
type ValueKind = 'work-email' | 'alias-email' | 'private-email' | 'mobile' | 'landline';

/** Per address type: how many persons have one, its visibilities, and what its value looks like. */
const contactRules: readonly (readonly [typeKey: string, share: number, visibility: readonly Weighted<Visibility>[], kind: ValueKind])[] = [
  [
    'EmailEmployee',
    0.92,
    [
      ['Public', 65],
      [null, 25],
      ['Internal', 7],
      ['Secret', 3],
    ],
    'work-email',
  ],
  [
    'EmailEmployee',
    0.03,
    [
      ['Public', 1],
      [null, 1],
    ],
    'alias-email',
  ],
  [
    'PrivateEmailEmployee',
    0.2,
    [
      ['Secret', 50],
      ['Internal', 15],
      [null, 20],
      ['Public', 15],
    ],
    'private-email',
  ],
  [
    'MobilePhoneEmployee',
    0.6,
    [
      ['Public', 45],
      [null, 30],
      ['Secret', 20],
      ['Internal', 5],
    ],
    'mobile',
  ],
  [
    'PhoneEmployee',
    0.35,
    [
      ['Public', 55],
      [null, 40],
      ['Secret', 5],
    ],
    'landline',
  ],
];

const withoutAddressesShare = 0.04;

type ContactTimeline = 'current' | 'ended' | 'future' | 'changed-in-past';

const contactTimelines = weightsOf<ContactTimeline>({ current: 92, ended: 4, future: 2, 'changed-in-past': 2 });

const mobilePrefixes: readonly string[] = [
  '20',
  '21',
  '22',
  '23',
  '24',
  '25',
  '26',
  '27',
  '28',
  '29',
  '30',
  '31',
  '40',
  '41',
  '42',
  '50',
  '51',
  '52',
  '53',
  '60',
  '61',
  '71',
  '81',
  '91',
  '92',
  '93',
];

const mailProviders: readonly string[] = ['gmail.com', 'hotmail.com', 'outlook.dk', 'live.dk', 'yahoo.dk', 'mail.dk'];

/**
 * Persons' e-mail addresses and phone numbers of both types each, with
 * every visibility (some SECRET, some unset); some persons have none, a few
 * have two work e-mails, and a few addresses are ended, future or changed.
 */
export function buildPersonAddresses(random: Random, options: PersonAddressOptions): Temporal<AddressVersion>[] {
  const { classification, today } = options;
  const typeOf = (key: string): string => classification.byKey('employee_address_type', key).uuid;
  const visibilityOf = (key: Visibility): string | null => (key === null ? null : classification.byKey('visibility', key).uuid);
  const valueOf = contactValues(random, options.municipality);
  const addresses: Temporal<AddressVersion>[] = [];
  for (const person of options.persons) {
    if (random.chance(withoutAddressesShare)) continue;
    // known from the first engagement on (or today, for one starting later)
    const known = Math.max(person.adult, Math.min(options.firstStart.get(person) ?? today, today));
    for (const [typeKey, share, visibilities, kind] of contactRules) {
      if (!random.chance(share)) continue;
      const shared = { person: person.uuid, address_type: typeOf(typeKey), visibility: visibilityOf(random.weighted(visibilities)) };
      const spans = contactSpans(random, random.weighted(contactTimelines), known, today);
      addresses.push({
        uuid: random.uuid(),
        versions: spans.map(([from, to]) => ({
          from: dayString(from),
          to: to === null ? null : dayString(to),
          ...shared,
          value: valueOf(kind, person),
        })),
      });
    }
  }
  return addresses;
}

type Span = readonly [from: DayNumber, to: DayNumber | null];

function contactSpans(random: Random, timeline: ContactTimeline, known: DayNumber, today: DayNumber): Span[] {
  if (timeline === 'future') return [[today + random.int(1, 60), null]];
  // ending or changing needs a day between the first known day and today
  if (timeline === 'current' || known >= today) return [[known, null]];
  if (timeline === 'ended') {
    const to = random.int(known, today - 1);
    return [[random.int(known, to), to]];
  }
  const changedOn = random.int(known + 1, today);
  return [
    [known, changedOn - 1],
    [changedOn, null],
  ];
}

/** Values by kind; work e-mails are unique in the municipality. */
function contactValues(random: Random, municipality: Municipality): (kind: ValueKind, person: PlannedPerson) => string {
  const usedMail = new Map<string, number>();
  const uniqueMail = (local: string): string => {
    const seen = (usedMail.get(local) ?? 0) + 1;
    usedMail.set(local, seen);
    return `${seen === 1 ? local : `${local}${seen}`}@${municipality.domain}`;
  };
  const digits = (count: number): string => String(random.int(0, 10 ** count - 1)).padStart(count, '0');
  const firstGiven = (person: PlannedPerson): string => person.given.split(' ')[0] ?? person.given;
  const lastSurname = (person: PlannedPerson): string => person.surname.split(' ').at(-1) ?? person.surname;
  const values: Record<ValueKind, (person: PlannedPerson) => string> = {
    'work-email': (person) => uniqueMail(`${mailPart(person.given)}.${mailPart(person.surname)}`),
    'alias-email': (person) => uniqueMail(mailPart(`${firstGiven(person).slice(0, 2)}${lastSurname(person).slice(0, 2)}`).replace(/\./g, '')),
    'private-email': (person) => `${mailPart(firstGiven(person))}${mailPart(lastSurname(person))}${yearOf(person.birth) % 100}@${random.pick(mailProviders)}`,
    mobile: () => `${random.pick(mobilePrefixes)}${digits(6)}`,
    landline: () => `${municipality.phonePrefix}${digits(4)}`,
  };
  return (kind, person) => values[kind](person);
}
