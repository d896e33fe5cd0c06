/** What the translation keeps of a walk's objects between its pages. */
import { compareCodePoints } from '../../util/order.js';

/**
 * Per object uuid, what its translation gave. An object LoRa lists twice
 * (two pages of a walk overlapping after a change) counts once, as listed
 * last: a later `undefined` (nothing to keep) removes what an earlier
 * listing gave.
 */
export class LatestByUuid<T> {
  private readonly byUuid = new Map<string, T>();

  set(uuid: string, value: T | undefined): void {
    if (value === undefined) this.byUuid.delete(uuid);
    else this.byUuid.set(uuid, value);
  }

  /** The values in uuid order. */
  inUuidOrder(): T[] {
    return [...this.byUuid.entries()].sort(([a], [b]) => compareCodePoints(a, b)).map(([, value]) => value);
  }
}
