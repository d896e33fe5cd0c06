/**
 * LoRa's query parameters, read as LoRa reads them (oio_rest's
 * get_objects): names are case-insensitive; `list` and `konsolider` count
 * by their presence, whatever their value; a request with nothing but
 * uuid, virkning* and konsolider is a list operation (whole objects, every
 * uuid given), anything else a search (object uuids, or whole objects with
 * `list`; at most one uuid; paged).
 */
import type { Instant } from '../time.js';
import type { Window } from '../window.js';
import type { Criteria } from './kinds.js';
import { parseLoraTimestamp } from './timestamps.js';

/** The search parameters of one endpoint besides the general ones. */
export interface SearchParameters {
  /** The state's parameter: "gyldighed" or "publiceret". */
  state: string;
  /** Fields of the properties list besides brugervendtnoegle, e.g. "funktionsnavn". */
  properties: readonly string[];
}

export interface LoraQuery {
  /** Whole objects, or only their uuids. */
  wholeObjects: boolean;
  /** Only these objects (lower case); null: all. */
  uuids: readonly string[] | null;
  window: Window;
  consolidated: boolean;
  offset: number;
  /** Page size; null: all. */
  limit: number | null;
  criteria: Criteria;
}

const temporality = ['virkningfra', 'virkningtil', 'virkningstid'];
const listOperationParameters = new Set([...temporality, 'konsolider', 'uuid']);
const generalParameters = ['list', 'foersteresultat', 'maximalantalresultater', 'brugervendtnoegle', ...listOperationParameters];
const aliases: Readonly<Record<string, string>> = { bvn: 'brugervendtnoegle' };
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

class BadRequest extends Error {}

/** All values by lower-cased name, aliases resolved. */
function valuesByName(search: URLSearchParams): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [rawName, value] of search) {
    const lower = rawName.toLowerCase();
    const name = aliases[lower] ?? lower;
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return values;
}

function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new BadRequest(`${name} must be a whole number >= 0, got ${JSON.stringify(text)}`);
  return Number(text);
}

function instant(name: string, text: string | undefined): Instant | undefined {
  if (text === undefined) return undefined;
  const parsed = parseLoraTimestamp(text);
  if (parsed === undefined) throw new BadRequest(`${name}: not a timestamp: ${JSON.stringify(text)}`);
  return parsed;
}

/**
 * The virkning window. Neither bound given: the moment `now`; one bound
 * given: the other is open (LoRa passes NULL to PostgreSQL's range).
 * virkningstid: that moment.
 */
function windowOf(first: (name: string) => string | undefined, now: Instant): Window {
  const from = instant('virkningfra', first('virkningfra'));
  const to = instant('virkningtil', first('virkningtil'));
  const at = instant('virkningstid', first('virkningstid'));
  if (at !== undefined) {
    if (from !== undefined || to !== undefined) throw new BadRequest("'virkningfra'/'virkningtil' conflict with 'virkningstid'");
    return { start: at, end: at + 1 };
  }
  if (from === undefined && to === undefined) return { start: now, end: now + 1 };
  const window = { start: from ?? -Infinity, end: to ?? Infinity };
  if (window.end < window.start) throw new BadRequest('virkningtil is before virkningfra');
  return window;
}

function uuidsOf(values: readonly string[] | undefined): string[] | null {
  if (values === undefined) return null;
  const lower = values.map((value) => value.trim().toLowerCase());
  const bad = lower.find((value) => !uuidPattern.test(value));
  if (bad !== undefined) throw new BadRequest(`uuid: not a UUID: ${JSON.stringify(bad)}`);
  return [...new Set(lower)];
}

function parse(search: URLSearchParams, allowed: SearchParameters, now: Instant): LoraQuery {
  const values = valuesByName(search);
  const known = new Set([...generalParameters, allowed.state, ...allowed.properties]);
  const unsupported = [...values.keys()].filter((name) => !known.has(name)).sort();
  if (unsupported.length > 0) throw new BadRequest(`Unsupported argument(s): ${unsupported.join(', ')}`);
  const first = (name: string): string | undefined => values.get(name)?.[0];
  const listOperation = [...values.keys()].every((name) => listOperationParameters.has(name));
  const uuids = uuidsOf(values.get('uuid'));
  if (!listOperation && uuids !== null && uuids.length > 1) {
    throw new BadRequest('Multiple uuid parameters passed to search operation. Only one uuid parameter is supported.');
  }
  const propertyNames = ['brugervendtnoegle', ...allowed.properties].filter((name) => values.has(name));
  return {
    wholeObjects: listOperation || values.has('list'),
    uuids,
    window: windowOf(first, now),
    consolidated: values.has('konsolider'),
    offset: count('foersteresultat', first('foersteresultat')) ?? 0,
    limit: count('maximalantalresultater', first('maximalantalresultater')) ?? null,
    criteria: {
      properties: Object.fromEntries(propertyNames.map((name) => [name, first(name) ?? ''])),
      state: first(allowed.state) ?? null,
    },
  };
}

/** The query, or the message of LoRa's 400 answer. */
export function parseLoraQuery(search: URLSearchParams, allowed: SearchParameters, now: Instant): LoraQuery | { error: string } {
  try {
    return parse(search, allowed, now);
  } catch (error) {
    if (error instanceof BadRequest) return { error: error.message };
    throw error;
  }
}
