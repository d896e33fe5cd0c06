// @ts-check
/**
 * `npm run mutation`: mutation testing of the export core, the settings, the
 * CSV writer, the code-point order and the shipping target. Each mutant is
 * run against only the tests that ran its code (perTest), from the fast
 * in-process tests of vitest.mutation.config.ts. Mutants in module-level
 * tables (static) would each need every test: they are ignored here and
 * the tables have direct tests instead. No type-checker: it refuses to run
 * while any file of the tree fails to compile, and vitest runs a mutant
 * whether or not tsc would accept it. Reports: reports/mutation/.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  mutate: ['src/export/**/*.ts', 'src/settings/**/*.ts', 'src/csv/**/*.ts', 'src/util/order.ts', 'src/ship/target.ts'],
  reporters: ['clear-text', 'dots', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 5_000,
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
