import type { PersonVersion } from '../dataset/format.js';
import { addYears, cprDatePart, dayString, firstOfNextMonth, yearOf, type DayNumber } from './days.js';
import { personName, surnames } from './names.js';
import { weightsOf, type Random } from './random.js';

/** A person as the rest of the generator sees it. */
export interface PlannedPerson {
  uuid: string;
  female: boolean;
  birth: DayNumber;
  /** The 16th birthday: no engagement, manager role or address starts before it. */
  adult: DayNumber;
  /** Current given name and surname. */
  given: string;
  surname: string;
  cpr: string | null;
  /** The person's versions; a few change surname. */
  versions: PersonVersion[];
}

export interface PersonOptions {
  count: number;
  today: DayNumber;
}

type NameHistory = 'unchanged' | 'renamed-in-past' | 'renames-next-month';

const nameHistories = weightsOf<NameHistory>({ unchanged: 98.7, 'renamed-in-past': 1, 'renames-next-month': 0.3 });

/** Staff are 18 to 67 years old; three in four are women, as in Danish municipalities. */
const youngestAgeDays = 18 * 365 + 5;
const oldestAgeDays = 67 * 365;
const femaleShare = 0.75;

/**
 * The municipality's persons: Danish names, unique CPR numbers except a few
 * pairs of persons that share one (about 0.2% of the persons, at least one
 * pair from 500 persons), and a few persons without a CPR number.
 */
export function buildPersons(random: Random, options: PersonOptions): PlannedPerson[] {
  const { count, today } = options;
  const usedCprs = new Set<string>();
  const drafts = Array.from({ length: count }, () => draftPerson(random, today, usedCprs));
  const special = random.sample(
    Array.from({ length: count }, (_, index) => index),
    duplicatePairCount(count) * 2 + withoutCprCount(count),
  );
  for (let pair = 0; pair < duplicatePairCount(count); pair++) {
    const original = drafts[special[pair * 2] as number] as Draft;
    const copy = drafts[special[pair * 2 + 1] as number] as Draft;
    shareIdentity(random, original, copy);
  }
  for (const index of special.slice(duplicatePairCount(count) * 2)) (drafts[index] as Draft).cpr = null;
  return drafts.map((draft) => plannedPerson(random, draft, today));
}

/** Pairs of persons sharing one CPR number: 0.1% of the persons (so 0.2% are in a pair); one from 500 persons. */
export function duplicatePairCount(persons: number): number {
  return Math.max(persons >= 500 ? 1 : 0, Math.round(persons * 0.001));
}

export function withoutCprCount(persons: number): number {
  return Math.max(persons >= 500 ? 1 : 0, Math.round(persons * 0.002));
}

interface Draft {
  uuid: string;
  female: boolean;
  birth: DayNumber;
  given: string;
  surname: string;
  cpr: string | null;
}

function draftPerson(random: Random, today: DayNumber, usedCprs: Set<string>): Draft {
  const female = random.chance(femaleShare);
  const birth = today - random.int(youngestAgeDays, oldestAgeDays);
  const { given, surname } = personName(random, female);
  return { uuid: random.uuid(), female, birth, given, surname, cpr: uniqueCpr(random, birth, female, usedCprs) };
}

/** The same human twice in MO: same CPR number and birthday, usually the same name too. */
function shareIdentity(random: Random, original: Draft, copy: Draft): void {
  copy.cpr = original.cpr;
  copy.birth = original.birth;
  copy.female = original.female;
  if (random.chance(0.7)) {
    copy.given = original.given;
    copy.surname = original.surname;
  }
}

/**
 * DDMMYY, then a serial whose first digit encodes the century (0-3 for
 * births in the 1900s, 4 or 9 from 2000) and whose last digit is even for
 * women, odd for men.
 */
function uniqueCpr(random: Random, birth: DayNumber, female: boolean, used: Set<string>): string {
  const centuryDigits = yearOf(birth) < 2000 ? [0, 1, 2, 3] : [4, 9];
  for (;;) {
    const sexDigit = random.int(0, 4) * 2 + (female ? 0 : 1);
    const serial = `${random.pick(centuryDigits)}${String(random.int(0, 99)).padStart(2, '0')}${sexDigit}`;
    const cpr = cprDatePart(birth) + serial;
    if (!used.has(cpr)) {
      used.add(cpr);
      return cpr;
    }
  }
}

function plannedPerson(random: Random, draft: Draft, today: DayNumber): PlannedPerson {
  const adult = addYears(draft.birth, 16);
  const version = (from: DayNumber, to: DayNumber | null, surname: string): PersonVersion => ({
    from: dayString(from),
    to: to === null ? null : dayString(to),
    cpr: draft.cpr,
    given_name: draft.given,
    surname,
  });
  const history = random.weighted(nameHistories);
  if (history === 'unchanged') return { ...draft, adult, versions: [version(draft.birth, null, draft.surname)] };
  const other = otherSurname(random, draft.surname);
  // renamed in the past: the old surname before; renaming next month: the new one after
  const [changedOn, before, after] =
    history === 'renamed-in-past' ? [random.int(adult, today), other, draft.surname] : [firstOfNextMonth(today), draft.surname, other];
  return { ...draft, adult, versions: [version(draft.birth, changedOn - 1, before), version(changedOn, null, after)] };
}

function otherSurname(random: Random, surname: string): string {
  for (;;) {
    const other = random.pick(surnames);
    if (other !== surname) return other;
  }
}
