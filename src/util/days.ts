import { TZDate, tzOffset } from '@date-fns/tz';
import { format } from 'date-fns/format';

/** MO's time zone: calendar days and validity bounds are Copenhagen days. */
export const moTimeZone = 'Europe/Copenhagen';

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
  const match = dayPattern.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar day (YYYY-MM-DD) in Copenhagen at the given instant. */
export function copenhagenDay(instant: Date): string {
  return format(new TZDate(instant.getTime(), moTimeZone), 'yyyy-MM-dd');
}

interface Midnight {
  /** Epoch milliseconds. */
  instant: number;
  /** As MO writes it, e.g. 2026-07-01T00:00:00+02:00. */
  text: string;
}

const midnights = new Map<string, Midnight>();

/**
 * A Copenhagen day's first instant, cached. Computed from tzOffset rather
 * than with TZDate and format, which cost some 60 µs a day: a large
 * municipality has tens of thousands of distinct days.
 */
function midnight(day: string): Midnight {
  let found = midnights.get(day);
  if (found === undefined) {
    const [year, month, date] = day.split('-').map(Number) as [number, number, number];
    const utcMidnight = Date.UTC(year, month - 1, date);
    // The offset at local midnight: first guessed from UTC midnight, then taken at the guess.
    const guess = utcMidnight - tzOffset(moTimeZone, new Date(utcMidnight)) * 60_000;
    const offset = tzOffset(moTimeZone, new Date(guess));
    found = { instant: utcMidnight - offset * 60_000, text: `${day}T00:00:00${offsetText(offset)}` };
    midnights.set(day, found);
  }
  return found;
}

/** Minutes east of UTC as ±HH:MM. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const pad = (n: number): string => String(Math.floor(n)).padStart(2, '0');
  return `${sign}${pad(Math.abs(minutes) / 60)}:${pad(Math.abs(minutes) % 60)}`;
}

/** The first instant (epoch ms) of a Copenhagen day. */
export const copenhagenMidnight = (day: string): number => midnight(day).instant;

/** A Copenhagen day's midnight as MO's DateTime text, e.g. 2026-07-01T00:00:00+02:00. */
export const copenhagenMidnightText = (day: string): string => midnight(day).text;
