import { resolve } from 'node:path';
import { previousSamples } from './previous.js';
import { renderMetrics } from './render.js';
import { samplesAfterRun, type RunMetrics } from './samples.js';
import { writeMetricsAtomically } from './write.js';

export type { RunMetrics } from './samples.js';

/**
 * Rewrites the metrics file after a run: this run's metrics, and from the
 * file as it was what this run does not replace (the last success time of a
 * failed run, other commands' series).
 */
export async function updateMetricsFile(path: string, run: RunMetrics): Promise<void> {
  const target = resolve(path);
  const samples = samplesAfterRun(run, await previousSamples(target));
  await writeMetricsAtomically(target, await renderMetrics(samples));
}
