import { metricFamilies, metricNames, type MetricName, type Sample } from './families.js';

/** What one run of export, ship or check reports; a family left undefined was not reached. */
export interface RunMetrics {
  command: string;
  success: boolean;
  durationSeconds: number;
  finishedAt: Date;
  /** Rows per file name (`bruger.csv`), when the run wrote the files. */
  rows?: Record<string, number> | undefined;
  /** Warnings per kind, every kind included, when the run built the files. */
  warnings?: Record<string, number> | undefined;
  /** Rows the delivery removes, per kind the deletion guard watches, when a delivery was checked. */
  deletions?: Record<string, number> | undefined;
}

/**
 * The samples to write after a run: this run's, and from the previous file
 * what it does not replace (see `metricFamilies`). A failed run keeps the
 * command's last success time.
 */
export function samplesAfterRun(run: RunMetrics, previous: readonly Sample[]): Sample[] {
  const reported = reportedSamples(run, previous);
  return metricNames.flatMap((name) => {
    const own = reported.get(name);
    if (own === undefined) return previous.filter((sample) => sample.name === name);
    if (!isPerCommand(name)) return own;
    const others = previous.filter((sample) => sample.name === name && sample.labels['command'] !== run.command);
    return [...others, ...own].sort((a, b) => compareText(a.labels['command'] ?? '', b.labels['command'] ?? ''));
  });
}

function reportedSamples(run: RunMetrics, previous: readonly Sample[]): Map<MetricName, Sample[]> {
  const command = { command: run.command };
  const lastSuccess = run.success
    ? Math.floor(run.finishedAt.getTime() / 1000)
    : previous.find((sample) => sample.name === 'p2l_last_success_timestamp_seconds' && sample.labels['command'] === run.command)?.value;
  const reported = new Map<MetricName, Sample[]>([
    ['p2l_run_success', [{ name: 'p2l_run_success', labels: command, value: run.success ? 1 : 0 }]],
    ['p2l_run_duration_seconds', [{ name: 'p2l_run_duration_seconds', labels: command, value: Number(run.durationSeconds.toFixed(3)) }]],
    [
      'p2l_last_success_timestamp_seconds',
      lastSuccess === undefined ? [] : [{ name: 'p2l_last_success_timestamp_seconds', labels: command, value: lastSuccess }],
    ],
  ]);
  const byLabel: [MetricName, string, Record<string, number> | undefined][] = [
    ['p2l_rows', 'file', run.rows],
    ['p2l_warnings', 'kind', run.warnings],
    ['p2l_delivery_deletions', 'kind', run.deletions],
  ];
  for (const [name, label, values] of byLabel) {
    if (values)
      reported.set(
        name,
        Object.entries(values).map(([key, value]) => ({ name, labels: { [label]: key }, value })),
      );
  }
  return reported;
}

function isPerCommand(name: MetricName): boolean {
  return (metricFamilies[name].labelNames as readonly string[]).includes('command');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
