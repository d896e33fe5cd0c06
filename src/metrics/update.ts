import { resolve } from 'node:path';
import { P2lError } from '../util/errors.js';
import { previousSamples } from './previous.js';
import { renderMetrics } from './render.js';
import { samplesAfterRun, type RunMetrics } from './samples.js';
import { writeMetricsAtomically } from './write.js';

/**
 * Rewrites the metrics file after a run: this run's metrics, and from the
 * file as it was what this run does not replace (the last success time of a
 * failed run, other commands' series). Anything at the path that p2l did not
 * write is left as it is, and the run told so by an error.
 */
export async function updateMetricsFile(path: string, run: RunMetrics): Promise<void> {
  const target = resolve(path);
  const previous = await previousSamples(target);
  if (previous === undefined) {
    throw new P2lError(
      'it is not a metrics file p2l wrote, and p2l leaves it as it is: give p2l a file of its own, such as /var/lib/node_exporter/textfile_collector/p2l.prom',
    );
  }
  await writeMetricsAtomically(target, await renderMetrics(samplesAfterRun(run, previous)));
}
