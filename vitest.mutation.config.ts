import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutation` runs against each mutant: those that run the
 * mutated modules (src/export, src/settings, src/csv, src/util/order.ts,
 * src/ship/target.ts) in this process. Some start servers in this process
 * too (the simulator, the test FTPS server). A `p2l` a test spawns runs the
 * sources through tsx, but in a process of its own, where no mutant is
 * active (the vitest runner activates one only in the test process): tests
 * that reach the mutated modules only that way are left out, and so are
 * those that need vsftpd.
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
