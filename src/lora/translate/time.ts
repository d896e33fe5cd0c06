/**
 * LoRa's `virkning` timestamps as Copenhagen calendar days, and MO's
 * validity text for them.
 *
 * A span is the half-open run of days [from, to): `to` is exclusive, as in
 * LoRa and as MO's GraphQL writes it from v29 on (the first day no longer
 * valid; OS2mo tests/graphapi/test_v28.py). A timestamp inside a day counts
 * as that day, as MO rounds them (a `from` at 01:00 starts that day; a `to`
 * at 12:00 ends the span at the start of that day).
 */
import { cachedValue } from '../../util/cached-value.js';
import { copenhagenDay, copenhagenMidnight, copenhagenMidnightText } from '../../util/days.js';
import { P2lError } from '../../util/errors.js';
import type { Virkning } from '../wire.js';

/**
 * A Copenhagen day `YYYY-MM-DD`, or one of LoRa's open ends. Compared as
 * plain strings they sort in time order: "-infinity" < "1999-12-31" <
 * "infinity" ('-' sorts before the digits, 'i' after them).
 */
export type Day = string;
export const beginningOfTime: Day = '-infinity';
export const endOfTime: Day = 'infinity';

export interface Span {
  from: Day;
  /** Exclusive. */
  to: Day;
}

/**
 * MO's `from` for an object that has always been valid, in the types whose
 * `from` cannot be null (units, engagements, managers, addresses). MO's own
 * reader turns `-infinity` into "no date", which those types cannot carry;
 * the first day of year 1 keeps every comparison of days working (it is
 * before any real date) and shows plainly that it is no real start date.
 */
export const alwaysValidFromText = '0001-01-01T00:00:00+01:00';

const timestampPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Offsets as LoRa writes them: Z, +01, +0100, +01:00. */
function offsetMinutes(text: string): number {
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/** Epoch ms of a UTC calendar time, for any year (Date.UTC maps years 0-99 to 1900-1999). */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** The day after or before a day, by whole calendar days. */
export function shiftDay(day: Day, days: number): Day {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const shifted = new Date(utcMs(year, month, date) + days * 86_400_000);
  return `${String(shifted.getUTCFullYear()).padStart(4, '0')}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}-${String(shifted.getUTCDate()).padStart(2, '0')}`;
}

function parseDay(text: string): Day {
  const match = timestampPattern.exec(text);
  if (!match) throw new P2lError(`LoRa gave a validity timestamp this exporter does not understand: "${text.slice(0, 60)}"`);
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const written = `${y}-${mo}-${d}`;
  // No offset means Copenhagen time; before 1900 Copenhagen's offsets are not worth modelling.
  if (offset === undefined || Number(y) < 1900) return written;
  const ms = Number((fraction ?? '0').padEnd(3, '0').slice(0, 3));
  const instant = utcMs(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms) - offsetMinutes(offset) * 60_000;
  // Usually the written date is the Copenhagen day (a local midnight); only other offsets need the time-zone lookup.
  if (copenhagenMidnight(written) <= instant && instant < copenhagenMidnight(shiftDay(written, 1))) return written;
  return copenhagenDay(new Date(instant));
}

const days = new Map<string, Day>();

/** The Copenhagen day of a LoRa timestamp ("2017-01-01 00:00:00+01", "...+01:00", "...T...", "-infinity", "infinity"). */
export function dayOfTimestamp(text: string): Day {
  if (text === beginningOfTime || text === endOfTime) return text;
  return cachedValue(days, text, parseDay);
}

/** The days of a `virkning`; undefined when it holds no whole day (e.g. a few hours within one day). */
export function spanOf(virkning: Virkning): Span | undefined {
  const span = { from: dayOfTimestamp(virkning.from), to: dayOfTimestamp(virkning.to) };
  return span.from < span.to ? span : undefined;
}

/** Whether the span reaches `today` or later: MO's `from_date: today, to_date: null`. */
export const reaches = (span: Span, today: Day): boolean => span.to > today;

/** A day's midnight as MO writes it; days before 1900 (which copenhagenMidnightText does not cover) at +01:00. */
const midnightText = (day: Day): string => (day < '1900' ? `${day}T00:00:00+01:00` : copenhagenMidnightText(day));

/** MO's `from` in the types where it may be null (persons, classes): null when always valid. */
export const openFromText = (from: Day): string | null => (from === beginningOfTime ? null : midnightText(from));

/** MO's `from` in the types where it cannot be null (see alwaysValidFromText). */
export const fromText = (from: Day): string => (from === beginningOfTime ? alwaysValidFromText : midnightText(from));

/** MO's `to` (v29 on): LoRa's exclusive end, the first day no longer valid; null when open-ended. */
export const toText = (to: Day): string | null => (to === endOfTime ? null : midnightText(to));

export const validityText = (span: Span): { from: string; to: string | null } => ({ from: fromText(span.from), to: toText(span.to) });
export const openValidityText = (span: Span): { from: string | null; to: string | null } => ({ from: openFromText(span.from), to: toText(span.to) });
