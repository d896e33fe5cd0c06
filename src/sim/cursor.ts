/**
 * MO's cursor pagination, in the two ways MO has paged (the exporter's
 * request counts are tested against both). `pagination` is an option of the
 * simulator; 'keyset' is the default.
 *
 * 'keyset', MO since June 2026 (OS2mo a092de2b8 "feat!: [#69932] keyset
 * pagination"; mora/graphapi/paged.py `paginate`):
 * - the candidates are the objects matching the whole filter, its time window
 *   included (MO applies it in SQL, before the limit), ordered by uuid;
 * - a page is the candidates whose uuid is greater than the cursor's `last`;
 *   `limit + 1` of them are read to know whether more exist;
 * - `next_cursor` is the page's last uuid when more exist, else null, so a
 *   page that exactly fills the limit at the end is the last one;
 * - the cursor pins nothing else: every page is read at its own request's
 *   "now" (a `registration_time` filter is MO's way to pin a moment).
 * A walk over n candidates at page size L takes max(1, ceil(n / L)) requests.
 *
 * 'offset', MO before June 2026 (a092de2b8^: mora/graphapi/paged.py
 * `to_paged`, mora/graphapi/resolvers.py; and, for the time filter, the
 * LoRa-era mora/lora.py `fetch` at 66ce8cfe2^):
 * - the candidates are the objects matching the filter's non-time parts
 *   (uuids, ancestor, facet, engagement type, ...), ordered by uuid;
 * - a page is `limit` candidates from the cursor's offset; only then are those
 *   outside the time window dropped, so a page can be short, or empty, while
 *   more remain;
 * - `next_cursor` carries offset + limit and the walk's registration moment
 *   (the "now" of its first page, so every page of one walk sees the same
 *   time); it is null only after a page with no candidates at an offset > 0.
 * A walk therefore takes one more, empty, request: max(1, ceil(n / L)) + 1.
 *
 * Either way `limit` null (or omitted) answers everything at once, and a
 * `limit` of 0 an empty page with no next cursor. MO's `int` scalar does not
 * enforce its PositiveInt annotation (mora/graphapi/schema.py
 * scalar_overrides), so a negative limit reaches PostgreSQL: keyset asks for
 * LIMIT limit + 1, so -1 is an empty last page and below that PostgreSQL's
 * "LIMIT must not be negative"; offset asks for LIMIT limit, an error for any
 * negative limit.
 *
 * The cursor text is MO's (mora/graphapi/types.py): six hex digits of a
 * SHAKE-128 hash of the JSON, ':', the JSON in base64; the JSON is
 * {"last": uuid} (keyset), or {"last": the offset as a uuid,
 * "registration_time": ...} (offset). MO reads only what follows the ':'.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { compareCodePoints } from '../util/order.js';
import { instantText, parseDateTime, type Instant } from './time.js';

export const paginationModes = ['keyset', 'offset'] as const;
export type PaginationMode = (typeof paginationModes)[number];

/** The Cursor scalar's value: MO's JSON, `registrationTime` only in an offset cursor. */
export interface CursorValue {
  /** A lower-case uuid: the last uuid of the page before (keyset), or the offset written as a uuid (offset). */
  last: string;
  registrationTime?: Instant;
}

export interface Page<T> {
  items: readonly T[];
  next: CursorValue | null;
}

/** PostgreSQL's answer to a negative LIMIT. */
const negativeLimit = (): GraphQLError => new GraphQLError('LIMIT must not be negative');

/** The index of the first item whose uuid is greater than `last`, in items ordered by uuid. */
function firstAfter(items: readonly { uuid: string }[], last: string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareCodePoints((items[middle] as { uuid: string }).uuid, last) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A keyset page: the items that `matches` (the filter's time window) after
 * the cursor's uuid, in `ordered`'s order (by uuid), `limit + 1` of them read.
 */
export function keysetPage<T extends { uuid: string }>(
  ordered: readonly T[],
  matches: (item: T) => boolean,
  limit: number | null,
  cursor: CursorValue | null,
): Page<T> {
  if (limit !== null && limit < -1) throw negativeLimit();
  const wanted = limit === null ? Infinity : limit + 1;
  const read: T[] = [];
  for (let i = cursor === null ? 0 : firstAfter(ordered, cursor.last); i < ordered.length && read.length < wanted; i++) {
    const item = ordered[i] as T;
    if (matches(item)) read.push(item);
  }
  const items = limit === null ? read : read.slice(0, Math.max(limit, 0));
  const last = items.at(-1);
  return { items, next: last !== undefined && read.length > items.length ? { last: last.uuid } : null };
}

/**
 * An offset page: `limit` candidates from the cursor's offset, with the
 * walk's moment (the cursor's, or `now` on the first page). The caller drops
 * those outside the time window afterwards.
 */
export function offsetPage<T>(candidates: readonly T[], limit: number | null, cursor: CursorValue | null, now: Instant): Page<T> & { moment: Instant } {
  const moment = cursor === null ? now : momentOf(cursor);
  const offset = cursor === null ? 0 : offsetOf(cursor.last);
  if (limit === null) return { items: candidates.slice(offset), next: null, moment };
  if (limit < 0) throw negativeLimit();
  const items = candidates.slice(offset, offset + limit);
  const outOfRange = items.length === 0 && offset > 0;
  return { items, next: limit === 0 || outOfRange ? null : { last: uuidOfOffset(offset + limit), registrationTime: moment }, moment };
}

function momentOf(cursor: CursorValue): Instant {
  // MO's offset cursor cannot be without it (a092de2b8^ mora/graphapi/types.py).
  if (cursor.registrationTime === undefined) throw new GraphQLError('malformed cursor: an offset cursor needs a registration_time');
  return cursor.registrationTime;
}

/** An offset as MO wrote it in a cursor: the uuid whose 128-bit integer it is. */
export function uuidOfOffset(offset: number): string {
  const hex = BigInt(offset).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The offset a cursor's uuid stands for; any uuid is one, however far past the end. */
function offsetOf(uuid: string): number {
  const value = BigInt(`0x${uuid.replaceAll('-', '')}`);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

/** A DateTime as Python's isoformat writes MO's aware datetime: microseconds only when there are some. */
function pythonIsoformat(instant: Instant): string {
  return instantText(instant).replace(/\.(\d{3})/, (_match, millis: string) => (millis === '000' ? '' : `.${millis}000`));
}

/** The cursor's JSON as pydantic 1's `.json()` writes it (json.dumps: ", " and ": "). */
function cursorJson(cursor: CursorValue): string {
  const fields: [string, string][] = [['last', cursor.last]];
  if (cursor.registrationTime !== undefined) fields.push(['registration_time', pythonIsoformat(cursor.registrationTime)]);
  return `{${fields.map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`).join(', ')}}`;
}

export function encodeCursor(cursor: CursorValue): string {
  const json = Buffer.from(cursorJson(cursor), 'ascii');
  return `${createHash('shake128', { outputLength: 3 }).update(json).digest('hex')}:${json.toString('base64')}`;
}

const malformed = (text: string): GraphQLError => new GraphQLError(`malformed cursor: ${JSON.stringify(text)}`);
const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads a cursor as MO does: the base64 after the first ':' (the hash is not
 * checked), a JSON object with a uuid `last` and, when present, a DateTime
 * `registration_time`; other fields are ignored.
 */
export function decodeCursor(text: string): CursorValue {
  const encoded = text.split(':')[1];
  if (encoded === undefined || !base64Pattern.test(encoded)) throw malformed(text);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    throw malformed(text);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(text);
  const { last, registration_time: registrationTime } = value as Record<string, unknown>;
  if (typeof last !== 'string' || !uuidPattern.test(last)) throw malformed(text);
  const hex = last.replaceAll('-', '').toLowerCase();
  const cursor: CursorValue = { last: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
  if (registrationTime === undefined) return cursor;
  const moment = typeof registrationTime === 'string' ? parseDateTime(registrationTime) : undefined;
  if (moment === undefined) throw malformed(text);
  return { ...cursor, registrationTime: moment };
}
