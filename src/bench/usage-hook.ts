/**
 * Loaded into a measured child with `node --import`: when the process
 * exits, writes its own peak RSS and CPU time (process.resourceUsage()) as
 * JSON to the file named by P2L_BENCH_USAGE_FILE. Does nothing without it.
 */
import { writeFileSync } from 'node:fs';
import { usageFileVariable, type ResourceRecord } from './usage.js';

const file = process.env[usageFileVariable];

if (file) {
  process.once('exit', () => {
    const usage = process.resourceUsage();
    const record: ResourceRecord = { maxRssKb: usage.maxRSS, userMicros: usage.userCPUTime, systemMicros: usage.systemCPUTime };
    writeFileSync(file, JSON.stringify(record));
  });
}
