/**
 * The metrics p2l writes for node_exporter's textfile collector. A family
 * labelled by `command` holds one series per command, so that `check`,
 * `export` and `ship` can share one file: a run replaces its own command's
 * series and keeps the others'. The other families describe the last run
 * that reported them (the files written, the last delivery's guard) and a
 * run that reports one replaces it whole.
 */
export const metricFamilies = {
  p2l_run_success: { help: 'Whether the last run of the command succeeded (1) or failed (0)', labelNames: ['command'] },
  p2l_run_duration_seconds: { help: 'How long the last run of the command took, in seconds', labelNames: ['command'] },
  p2l_last_success_timestamp_seconds: { help: 'When the command last succeeded, in seconds since the Unix epoch', labelNames: ['command'] },
  p2l_rows: { help: 'Rows (without the header) of each file the last export wrote', labelNames: ['file'] },
  p2l_warnings: { help: 'Warnings of the last export, by kind (see the README: The summary and the warnings)', labelNames: ['kind'] },
  p2l_delivery_deletions: {
    help: 'Persons (bruger.csv) or units (organisation.csv) of the last delivery that the last checked delivery removes, as the deletion guard counts them',
    labelNames: ['kind'],
  },
} as const satisfies Record<string, { help: string; labelNames: readonly string[] }>;

export type MetricName = keyof typeof metricFamilies;

export const metricNames = Object.keys(metricFamilies) as MetricName[];

/** One line of the file: a metric, its labels and its value. */
export interface Sample {
  name: MetricName;
  labels: Record<string, string>;
  value: number;
}

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(metricFamilies, name);
}
