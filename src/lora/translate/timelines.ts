/** An object with its versions, as the time filters of MO's documents select them. */
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

/** The object's timeline if MO's `from_date: today, to_date: null` selects it (a version reaches today or later), else undefined. */
export function timelineOf(object: LoraObject, today: Day): Timeline | undefined {
  const all = versionsOf(object);
  const fromToday = versionsFrom(all, today);
  return fromToday.length > 0 ? { uuid: object.id, all, fromToday } : undefined;
}

const isDefined = <T>(value: T | undefined): value is T => value !== undefined;

/**
 * The versions read, without those the reader rejects (missing required
 * values). The array has no spare room, unlike `filter`'s: some 130 bytes
 * each, and a large municipality's snapshot holds 250,000 of them.
 */
export function readVersions<T>(versions: readonly Version[], readVersion: (version: Version) => T | undefined): T[] {
  const read = versions.map(readVersion);
  return read.every(isDefined) ? read : read.filter(isDefined).slice();
}

/** The timeline's versions from today on translated (see readVersions), and undefined when none is left. */
export function translateTimeline<T>(
  timeline: Timeline | undefined,
  readVersion: (version: Version, uuid: string) => T | undefined,
): { uuid: string; validities: T[] } | undefined {
  if (timeline === undefined) return undefined;
  const validities = readVersions(timeline.fromToday, (version) => readVersion(version, timeline.uuid));
  return validities.length > 0 ? { uuid: timeline.uuid, validities } : undefined;
}
