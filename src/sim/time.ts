/**
 * MO's clock: calendar days and DateTime values as instants (epoch
 * milliseconds) in Europe/Copenhagen. A version [from, to] covers the
 * instants [from 00:00 local, (to + 1) 00:00 local).
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import type { Day } from '../dataset/format.js';
import { copenhagenMidnight, copenhagenMidnightText, isDay, moTimeZone } from '../util/days.js';

/** Epoch milliseconds; ±Infinity for an open bound. */
export type Instant = number;

/** The first instant of a Copenhagen day. */
export const startOfDay = (day: Day): Instant => copenhagenMidnight(day);

/** MO's DateTime text for a validity bound: the day's local midnight, e.g. 2026-07-01T00:00:00+02:00. */
export const dayText = (day: Day): string => copenhagenMidnightText(day);

/** The calendar day after `day`. */
export function nextDay(day: Day): Day {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/** The first instant after a version whose inclusive last day is `to` (Infinity when open). */
export function endOfValidity(to: Day | null): Instant {
  return to === null ? Infinity : startOfDay(nextDay(to));
}

/** An instant as MO writes a DateTime: Copenhagen local time with its offset. */
export function instantText(instant: Instant): string {
  return format(new TZDate(instant, moTimeZone), "yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
}

const timestampPattern = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads a DateTime argument as MO does: a day means its local midnight; a
 * timestamp with an offset (or Z) is that instant; one without is local time.
 * Returns undefined for text that is neither.
 */
export function parseDateTime(text: string): Instant | undefined {
  if (isDay(text)) return startOfDay(text);
  const match = timestampPattern.exec(text);
  if (!match || !isDay(match[1] ?? '')) return undefined;
  const [, day = '', hours = '0', minutes = '0', seconds = '0', fraction = '', offset] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  if (offset !== undefined) {
    const instant = Date.parse(`${day}T${hours}:${minutes}:${seconds}.${String(millis).padStart(3, '0')}${normalOffset(offset)}`);
    return Number.isNaN(instant) ? undefined : instant;
  }
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, date, Number(hours), Number(minutes), Number(seconds), millis, moTimeZone).getTime();
}

/** "+0200" → "+02:00", as Date.parse wants it. */
function normalOffset(offset: string): string {
  return offset === 'Z' || offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}
