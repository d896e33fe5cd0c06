/** Seeded draws of the fault spec: per request, its added latency and its fault, if any. */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { faultKinds, type FaultKind, type FaultSpec } from './fault-spec.js';

export interface Draw {
  delayMs: number;
  kind: FaultKind | undefined;
}

/** The kind whose slice of [0, 1) holds `unit`, slices laid out in faultKinds order; undefined past them all. */
export function kindAt(rates: Readonly<Record<FaultKind, number>>, unit: number): FaultKind | undefined {
  let end = 0;
  for (const kind of faultKinds) {
    end += rates[kind];
    if (unit < end) return kind;
  }
  return undefined;
}

/**
 * The draws for the requests in the order they arrive. Latency and kind come
 * from two streams of the seed, so that changing one leaves the other as it was.
 */
export function faultDrawer(spec: FaultSpec): () => Draw {
  const kinds = xoroshiro128plus(spec.seed);
  const delays = kinds.clone();
  delays.jump();
  const { min, max } = spec.latencyMs;
  return () => ({ kind: kindAt(spec.rates, uniformFloat64(kinds)), delayMs: min === max ? min : uniformInt(delays, min, max) });
}
