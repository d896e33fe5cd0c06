/** Objects with their versions, as the time filters of MO's documents select them. */
import { compareCodePoints } from '../../util/order.js';
import type { LoraObject } from '../wire.js';
import { versionsFrom, versionsOf, type Version } from './effects.js';
import type { Day } from './time.js';

export interface Timeline {
  uuid: string;
  /** Every active version LoRa gave (the whole history when it was asked for it). */
  all: Version[];
  /** The versions reaching today or later: `validities(start: today, end: null)`. */
  fromToday: Version[];
}

/**
 * The objects MO's `from_date: today, to_date: null` selects (those with a
 * version reaching today or later), in uuid order. An object LoRa lists
 * twice (two pages of a walk overlapping after a change) counts once.
 */
export function timelinesOf(objects: readonly LoraObject[], today: Day): Timeline[] {
  const unique = new Map(objects.map((object) => [object.id, object]));
  const timelines: Timeline[] = [];
  for (const object of unique.values()) {
    const all = versionsOf(object);
    const fromToday = versionsFrom(all, today);
    if (fromToday.length > 0) timelines.push({ uuid: object.id, all, fromToday });
  }
  return timelines.sort((a, b) => compareCodePoints(a.uuid, b.uuid));
}

/** Each timeline's versions from today on translated; versions the reader rejects (missing required values) are dropped, and so are objects left without any. */
export function translateTimelines<T>(
  timelines: readonly Timeline[],
  readVersion: (version: Version, uuid: string) => T | undefined,
): { uuid: string; validities: T[] }[] {
  const objects: { uuid: string; validities: T[] }[] = [];
  for (const { uuid, fromToday } of timelines) {
    const validities = fromToday.map((version) => readVersion(version, uuid)).filter((v) => v !== undefined);
    if (validities.length > 0) objects.push({ uuid, validities });
  }
  return objects;
}
