import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, now. Once a snapshot is read, most of what the
 * read allocated (parsed pages, the LoRa translation's scaffolding) is
 * garbage, and the long synchronous build that follows would otherwise grow
 * the heap on top of it before V8 collects it. V8 hands out `gc` only under
 * --expose-gc; the flag is set at run time and `gc` read from a fresh
 * context, as Jest's leak detector does.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}
