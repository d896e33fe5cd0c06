import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** A weighted choice: the value and its relative weight. */
export type Weighted<T> = readonly [value: T, weight: number];

/**
 * The weighted table of a union of names, in the order written; Record makes
 * the table name each value of the union exactly once. Not for names that look
 * like array indices ("1"): objects list those first, out of the written order.
 */
export function weightsOf<T extends string>(weights: Record<T, number>): Weighted<T>[] {
  return Object.entries(weights) as [T, number][];
}

/** A seeded source of random choices; every draw advances it. */
export interface Random {
  /** An integer from min to max, both inclusive. */
  int(min: number, max: number): number;
  /** A number from 0 (inclusive) to 1 (exclusive). */
  float(): number;
  /** true with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One value of the table, each as likely as its weight. */
  weighted<T>(table: readonly Weighted<T>[]): T;
  /** count distinct items, in random order (all of them if there are fewer). */
  sample<T>(items: readonly T[], count: number): T[];
  /** A random (version 4) UUID. */
  uuid(): string;
}

/**
 * Independent streams of one seed: each part of the generator draws from its
 * own, so that e.g. the classes of a seed stay the same whatever the number
 * of persons.
 */
export const streams = {
  municipality: 0,
  classes: 1,
  units: 2,
  persons: 3,
  engagements: 4,
  managers: 5,
  unitAddresses: 6,
  personAddresses: 7,
} as const;

export type StreamName = keyof typeof streams;

export function createRandom(seed: number, stream: StreamName): Random {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const generator = xoroshiro128plusFromState(stateFromSeed(seed));
  for (let jump = 0; jump < streams[stream]; jump++) generator.jump();
  return randomOver(generator);
}

/**
 * pure-rand's own seeding keeps only the low 32 bits and barely mixes them;
 * this keeps the whole safe integer (the first two words are a bijection of
 * its low and high halves, so distinct seeds give distinct streams) and is
 * never the all-zero state.
 */
function stateFromSeed(seed: number): number[] {
  const low = (seed % 2 ** 32) | 0;
  const high = Math.floor(seed / 2 ** 32) | 0;
  const first = mix32(low);
  const second = mix32(high ^ 0x9e3779b9);
  return [first, second, mix32(first ^ 0x85ebca6b), mix32(second ^ 0xc2b2ae35)];
}

/** A bijective 32-bit integer hash (the "lowbias32" finaliser). */
function mix32(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) | 0;
}

function randomOver(generator: JumpableRandomGenerator): Random {
  const int = (min: number, max: number): number => uniformInt(generator, min, max);
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[int(0, items.length - 1)] as T;
  };
  const float = (): number => uniformFloat64(generator);
  return {
    int,
    float,
    chance: (p) => float() < p,
    pick,
    weighted: (table) => pickWeighted(table, float()),
    sample: (items, count) => sampleOf(items, count, int),
    uuid: () => uuidFromWords(generator.next(), generator.next(), generator.next(), generator.next()),
  };
}

function pickWeighted<T>(table: readonly Weighted<T>[], unit: number): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let threshold = unit * total;
  for (const [value, weight] of table) {
    if (threshold < weight) return value;
    threshold -= weight;
  }
  const last = table.at(-1);
  if (!last) throw new RangeError('cannot pick from an empty table');
  return last[0];
}

/** Partial Fisher-Yates shuffle of a copy. */
function sampleOf<T>(items: readonly T[], count: number, int: (min: number, max: number) => number): T[] {
  const pool = [...items];
  const size = Math.min(count, pool.length);
  for (let i = 0; i < size; i++) {
    const j = int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, size);
}

const byteHex: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** 8 hex digits; by table, as Number#toString(16) was the generator's slowest step. */
function hex(word: number): string {
  return (
    (byteHex[(word >>> 24) & 0xff] as string) +
    (byteHex[(word >>> 16) & 0xff] as string) +
    (byteHex[(word >>> 8) & 0xff] as string) +
    (byteHex[word & 0xff] as string)
  );
}

function uuidFromWords(a: number, b: number, c: number, d: number): string {
  const timeHigh = hex((b & 0xffff0fff) | 0x00004000); // version 4
  const clock = hex((c & 0x3fffffff) | 0x80000000); // RFC 4122 variant
  return `${hex(a)}-${timeHigh.slice(0, 4)}-${timeHigh.slice(4)}-${clock.slice(0, 4)}-${clock.slice(4)}${hex(d)}`;
}

/**
 * Picks among many items by weight in O(log n) per pick (cumulative weights
 * and a binary search), for the large lists: units, persons.
 */
export function weightedPicker<T>(items: readonly T[], weightOf: (item: T) => number): (random: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) {
    total += weightOf(item);
    cumulative.push(total);
  }
  if (items.length === 0 || total <= 0) throw new RangeError('cannot pick from nothing');
  return (random) => {
    const threshold = random.float() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) > threshold) high = middle;
      else low = middle + 1;
    }
    return items[low] as T;
  };
}
