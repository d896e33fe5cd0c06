import { afterAll, beforeAll } from 'vitest';

/**
 * Call it in a describe block: the hooks it registers set a value up before
 * that block's tests and tear it down after them. Answers the value's
 * accessor, for the tests.
 */
export function forTheBlock<T>(setUp: () => Promise<T>, tearDown: (value: T) => Promise<void>): () => T {
  let made: { value: T } | undefined;
  beforeAll(async () => {
    made = { value: await setUp() };
  });
  afterAll(async () => {
    if (made !== undefined) await tearDown(made.value);
  });
  return () => {
    if (made === undefined) throw new Error('test setup: asked for outside the tests of the describe block that sets it up');
    return made.value;
  };
}
