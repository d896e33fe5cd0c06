/**
 * LoRa's timestamps: how its list answers write a virkning bound (as
 * PostgreSQL prints a timestamptz in Europe/Copenhagen, e.g.
 * "2017-01-01 00:00:00+01", "infinity"), and how it reads the
 * virkningfra/virkningtil/virkningstid parameters.
 */
import { tzOffset } from '@date-fns/tz';
import { cachedValue } from '../../util/cached-value.js';
import { moTimeZone } from '../../util/days.js';
import { parseDateTime, type Instant } from '../time.js';

const texts = new Map<Instant, string>();

const pad = (n: number): string => String(n).padStart(2, '0');

/** "+01", or "+00:50" when the offset is not whole hours (PostgreSQL's form). */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const whole = Math.round(Math.abs(minutes));
  const rest = whole % 60;
  return `${sign}${pad(Math.floor(whole / 60))}${rest === 0 ? '' : `:${pad(rest)}`}`;
}

function localText(instant: Instant): string {
  const offset = tzOffset(moTimeZone, new Date(instant));
  const local = new Date(instant + offset * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}${offsetText(offset)}`;
}

/** An instant as LoRa writes a virkning bound; ±Infinity as "infinity"/"-infinity". Cached: datasets reuse few distinct days. */
export function loraTimestamp(instant: Instant): string {
  if (instant === Infinity) return 'infinity';
  if (instant === -Infinity) return '-infinity';
  return cachedValue(texts, instant, localText);
}

/**
 * A virkning parameter: "infinity", "-infinity", a day (its Copenhagen
 * midnight), or a timestamp, with PostgreSQL's short offset "+01" allowed.
 * Undefined when it is none of these. A "+" left unencoded in a query string
 * arrives as a space and so is refused, as LoRa refuses it.
 */
export function parseLoraTimestamp(text: string): Instant | undefined {
  const lower = text.trim().toLowerCase();
  if (lower === 'infinity') return Infinity;
  if (lower === '-infinity') return -Infinity;
  const withLongOffset = /[T ].*[+-]\d{2}$/.test(text) ? `${text}:00` : text;
  return parseDateTime(withLongOffset);
}
