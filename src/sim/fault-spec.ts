/**
 * The faults the simulator injects at random, and the compact text that
 * names them (`p2l sim --faults SPEC`):
 *
 *   spec      = [item *("," item)]               ; blanks around items are ignored
 *   item      = kind "=" rate                    ; that share of requests gets that fault
 *             / "mixed=" rate                    ; rate/7 for each kind not named itself
 *             / "latency=" duration              ; added to every answer, e.g. 200ms
 *             / "latency=" whole ["ms"/"s"] "-" duration   ; uniform in a range, e.g. 0-300ms
 *             / "retry-after=" seconds           ; Retry-After of a 429 (default 1)
 *             / "token-down=" duration           ; token endpoint answers 503 this long from the first token request
 *             / "token-lifetime=" seconds        ; tokens expire after this (default 300)
 *             / "seed=" whole                    ; 0 to 4294967295 (default 1)
 *   kind      = "500" / "502" / "503" / "429" / "reset" / "truncate" / "internal"
 *   rate      = a number from 0 to 1, e.g. 0.05; all kinds together at most 1
 *   duration  = whole ("ms" / "s")
 *   seconds   = whole ["s"]
 *
 * e.g. `mixed=0.1,latency=0-300ms,seed=7` or `500=0.05,429=0.02,retry-after=1,token-down=5s`.
 * The kinds and latency apply to GraphQL and LoRa requests; the token faults to Keycloak's endpoint.
 */
import { SettingsError } from '../util/errors.js';

/** The faults drawn per request; every one is transient (a retry can get a good answer). */
export const faultKinds = ['500', '502', '503', '429', 'reset', 'truncate', 'internal'] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultSpec {
  /** Seeds the draws: the same seed gives the same faults to the same sequence of requests. */
  seed: number;
  /** Added to every GraphQL and LoRa answer, uniformly from min to max. */
  latencyMs: { min: number; max: number };
  /** The share of GraphQL and LoRa requests that get each fault; together at most 1. */
  rates: Readonly<Record<FaultKind, number>>;
  retryAfterSeconds: number;
  /**
   * The token endpoint answers 503 for this long, counted from the first
   * token request: from the start of the first run against the simulator,
   * however long after the simulator's own start that run begins.
   */
  tokenDownMs: number;
  /** When set, overrides SimulatorOptions.tokenLifetimeSeconds. */
  tokenLifetimeSeconds?: number | undefined;
}

export const noFaults: FaultSpec = {
  seed: 1,
  latencyMs: { min: 0, max: 0 },
  rates: { '500': 0, '502': 0, '503': 0, '429': 0, reset: 0, truncate: 0, internal: 0 },
  retryAfterSeconds: 1,
  tokenDownMs: 0,
  tokenLifetimeSeconds: undefined,
};

/** A reason a value is wrong; parseFaultSpec names the item. */
class BadValue extends Error {}

const maxSeed = 2 ** 32 - 1;
const durationPattern = /^(\d+)(ms|s)$/;
const unitMs: Record<string, number> = { ms: 1, s: 1000 };

function rate(text: string): number {
  const value = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 1)) throw new BadValue('a rate is a number from 0 to 1, such as 0.05');
  return value;
}

function duration(text: string): number {
  const match = durationPattern.exec(text);
  if (!match) throw new BadValue('a duration is a whole number of ms or s, such as 5s or 500ms');
  return Number(match[1]) * (unitMs[match[2] ?? 'ms'] ?? 1);
}

const seconds =
  (name: string, max: number) =>
  (text: string): number => {
    const match = /^(\d+)s?$/.exec(text);
    const value = match ? Number(match[1]) : NaN;
    if (!(value <= max)) throw new BadValue(`${name} is whole seconds from 0 to ${max}, such as 3s`);
    return value;
  };

function latency(text: string): { min: number; max: number } {
  const range = /^(\d+)(ms|s)?-(\d+)(ms|s)$/.exec(text);
  const single = durationPattern.exec(text);
  if (!range && !single) throw new BadValue('latency is a duration such as 200ms, or a range such as 0-300ms');
  if (!range) return { min: duration(text), max: duration(text) };
  const [, low = '', lowUnit, high = '', highUnit = 'ms'] = range;
  const bounds = { min: duration(`${low}${lowUnit ?? highUnit}`), max: duration(`${high}${highUnit}`) };
  if (bounds.min > bounds.max) throw new BadValue('the range must go from low to high');
  return bounds;
}

function seed(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value <= maxSeed)) throw new BadValue(`seed is a whole number from 0 to ${maxSeed}`);
  return value;
}

const itemParsers = {
  ...(Object.fromEntries(faultKinds.map((kind) => [kind, rate])) as Record<FaultKind, typeof rate>),
  mixed: rate,
  latency,
  'retry-after': seconds('retry-after', 3600),
  'token-down': duration,
  'token-lifetime': seconds('token-lifetime', 86_400),
  seed,
};

type ItemName = keyof typeof itemParsers;
type Items = { [K in ItemName]?: ReturnType<(typeof itemParsers)[K]> };

/** In the order of the grammar (an object would list the numeric names first). */
const itemNames: readonly ItemName[] = [...faultKinds, 'mixed', 'latency', 'retry-after', 'token-down', 'token-lifetime', 'seed'];

const isItemName = (name: string): name is ItemName => (itemNames as readonly string[]).includes(name);

const failure = (message: string) => new SettingsError(`--faults: ${message}`);

/** The items of the text by name, each value parsed. */
function itemsOf(text: string): Items {
  const items: Record<string, unknown> = {};
  for (const item of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const equals = item.indexOf('=');
    if (equals < 0) throw failure(`"${item}" is not name=value, such as 500=0.05`);
    const name = item.slice(0, equals).trim();
    const value = item.slice(equals + 1).trim();
    if (!isItemName(name)) throw failure(`unknown fault "${name}" in "${item}"; known: ${itemNames.join(', ')}`);
    if (name in items) throw failure(`"${name}" is given twice`);
    try {
      items[name] = itemParsers[name](value);
    } catch (error) {
      if (!(error instanceof BadValue)) throw error;
      throw failure(`"${item}": ${error.message}`);
    }
  }
  return items as Items;
}

/** The spec the text names (see the grammar above); a SettingsError (exit 2) naming the bad part when it is wrong. */
export function parseFaultSpec(text: string): FaultSpec {
  const items = itemsOf(text);
  const share = (items.mixed ?? 0) / faultKinds.length;
  const rates = Object.fromEntries(faultKinds.map((kind) => [kind, items[kind] ?? share])) as Record<FaultKind, number>;
  const total = faultKinds.reduce((sum, kind) => sum + rates[kind], 0);
  if (total > 1 + 1e-9) throw failure(`the rates add up to ${Number(total.toFixed(6))}, more than 1`);
  return {
    seed: items.seed ?? noFaults.seed,
    latencyMs: items.latency ?? noFaults.latencyMs,
    rates,
    retryAfterSeconds: items['retry-after'] ?? noFaults.retryAfterSeconds,
    tokenDownMs: items['token-down'] ?? noFaults.tokenDownMs,
    tokenLifetimeSeconds: items['token-lifetime'],
  };
}
