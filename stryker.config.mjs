// @ts-check
/**
 * `npm run mutation`: mutation testing of the export core, the settings, the
 * CSV writer, the code-point order and the shipping target. Each mutant is
 * run against only the tests that ran its code (Stryker's default perTest
 * coverage analysis), of those vitest.mutation.config.ts includes: the ones
 * that run the mutated modules in the test process. Mutants in module-level
 * tables (static) would each need every test: they are ignored here and
 * the tables have direct tests instead. No type-checker: it refuses to run
 * while any file of the tree fails to compile, and vitest runs a mutant
 * whether or not tsc would accept it. Reports: reports/mutation/ (Stryker's
 * default file names).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  ignoreStatic: true,
  mutate: ['src/export/**/*.ts', 'src/settings/**/*.ts', 'src/csv/**/*.ts', 'src/util/order.ts', 'src/ship/target.ts'],
  reporters: ['clear-text', 'dots', 'html', 'json'],
  concurrency: 2,
  thresholds: { high: 95, low: 90, break: 90 },
};
