import type { Day } from '../dataset/format.js';

/**
 * The generator counts days as integers (days since 1970-01-01) and writes
 * them as YYYY-MM-DD only at the end; calendar arithmetic is done in UTC,
 * where every day has 24 hours.
 */
export type DayNumber = number;

const msPerDay = 86_400_000;
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayNumber(day: Day): DayNumber {
  const match = dayPattern.exec(day);
  const [year, month, date] = match ? match.slice(1).map(Number) : [];
  if (year === undefined || month === undefined || date === undefined) {
    throw new RangeError(`not a day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  }
  const ms = Date.UTC(year, month - 1, date);
  if (new Date(ms).getUTCDate() !== date || new Date(ms).getUTCMonth() !== month - 1) {
    throw new RangeError(`not a calendar day: ${day}`);
  }
  return ms / msPerDay;
}

/** Formatting is the generator's hot spot, and the same few thousand days recur. */
const dayStrings = new Map<DayNumber, Day>();

export function dayString(day: DayNumber): Day {
  let text = dayStrings.get(day);
  if (text === undefined) {
    text = new Date(day * msPerDay).toISOString().slice(0, 10);
    dayStrings.set(day, text);
  }
  return text;
}

export function firstOfNextMonth(day: DayNumber): DayNumber {
  const date = new Date(day * msPerDay);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / msPerDay;
}

/** The same calendar day `years` later (29 February becomes 1 March). */
export function addYears(day: DayNumber, years: number): DayNumber {
  const date = new Date(day * msPerDay);
  return Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()) / msPerDay;
}

/** DDMMYY, the date part of a CPR number. */
export function cprDatePart(day: DayNumber): string {
  const [year, month, date] = dayString(day).split('-') as [string, string, string];
  return `${date}${month}${year.slice(2)}`;
}

export function yearOf(day: DayNumber): number {
  return new Date(day * msPerDay).getUTCFullYear();
}
