import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutation` runs against each mutant: those that run the
 * mutated modules (src/export, src/settings, src/csv, src/util/order.ts,
 * src/ship/target.ts) in this process. Tests that reach them only through a
 * spawned `p2l` run the built dist/, which Stryker does not mutate, so they
 * are left out; so are those that need a server.
 */
export default defineConfig({
  test: {
    include: [
      'test/export/**/*.test.ts',
      'test/csv/**/*.test.ts',
      'test/util/**/*.test.ts',
      'test/settings/**/*.test.ts',
      'test/cli/settings.test.ts',
      'test/ship/target.test.ts',
      'test/ship/validate-files.test.ts',
      'test/delivery/delta.test.ts',
      'test/compare/diff.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
