/**
 * A fresh process for one measurement (see jobs.ts): `node worker.js JOB`,
 * where JOB is the job as JSON; prints the result as one JSON line.
 */
import { readFile } from 'node:fs/promises';
import { readCache } from '../cache/cache.js';
import { readSettingsFile, resolveSettings } from '../settings/load.js';
import type { Settings } from '../settings/table.js';
import { timeCore } from './core.js';
import { cacheFloor, loraFloor, moFloor } from './floor.js';
import type { Job } from './jobs.js';

/** The bench's settings file alone: the environment is ignored, as the exporter child gets a cleaned one. */
async function settingsOf(file: string): Promise<Settings> {
  return resolveSettings(await readSettingsFile(file), {}, file);
}

async function readUuids(file: string): Promise<string[]> {
  const value: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error(`${file} is not a list of uuids`);
  return value;
}

async function run(job: Job): Promise<unknown> {
  if (job.kind === 'core') {
    const { snapshot } = await readCache(job.cacheDirectory);
    return timeCore(snapshot, await settingsOf(job.settingsFile), job.today, job.out, job.repeats);
  }
  switch (job.backend) {
    case 'mo':
      return moFloor(await settingsOf(job.settingsFile), job.today);
    case 'lora':
      return loraFloor(await settingsOf(job.settingsFile), job.today, await readUuids(job.darUuidsFile));
    case 'cache':
      return cacheFloor(job.cacheDirectory);
  }
}

async function main(): Promise<void> {
  const text = process.argv[2];
  if (!text) throw new Error('usage: worker.js JOB_JSON');
  const result = await run(JSON.parse(text) as Job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
