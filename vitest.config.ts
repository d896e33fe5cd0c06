import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // vitest's default is one worker fewer than the cores: one, on a 2-core CI machine. The crash test
    // spends its four minutes waiting on child processes and vsftpd, so it needs a worker beside the rest: at least two.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
