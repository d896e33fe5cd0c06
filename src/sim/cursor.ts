/**
 * MO's cursor pagination, exactly as MO behaves (the exporter's request
 * counts are tested against it):
 *
 * - the candidates are the objects matching the filter's non-time parts
 *   (uuids, ancestor, facet, engagement type, ...), ordered by uuid;
 * - a page is `limit` candidates from the cursor's offset (no limit: all of
 *   them); only then are those outside the time window dropped, so a page can
 *   be short, or empty, while more remain;
 * - `next_cursor` is null exactly when offset + limit >= the number of
 *   candidates.
 *
 * A walk over n candidates at page size L therefore takes max(1, ceil(n / L))
 * requests. The cursor also carries the walk's moment (the "now" of its first
 * page), so every page of one walk sees the same time.
 */
import { GraphQLError } from 'graphql';
import type { Instant } from './time.js';

export interface CursorValue {
  offset: number;
  moment: Instant;
}

export interface Page<T> {
  items: readonly T[];
  /** Offset of the next page, or null when this was the last. */
  next: number | null;
}

export function pageOf<T>(candidates: readonly T[], limit: number | null, offset: number): Page<T> {
  if (limit === null) return { items: candidates.slice(offset), next: null };
  if (limit < 0) throw new GraphQLError('limit must not be negative');
  const next = offset + limit;
  return { items: candidates.slice(offset, next), next: next >= candidates.length ? null : next };
}

export function encodeCursor(cursor: CursorValue): string {
  return Buffer.from(JSON.stringify([cursor.offset, cursor.moment])).toString('base64');
}

const malformed = (text: string): GraphQLError => new GraphQLError(`malformed cursor: ${JSON.stringify(text)}`);

export function decodeCursor(text: string): CursorValue {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw malformed(text);
  }
  if (!Array.isArray(value) || value.length !== 2) throw malformed(text);
  const [offset, moment]: unknown[] = value;
  if (!isCount(offset) || !isCount(moment)) throw malformed(text);
  return { offset, moment };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
