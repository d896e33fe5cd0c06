import { Gauge, Registry } from 'prom-client';
import { metricFamilies, metricNames, type Sample } from './families.js';

/**
 * The samples in Prometheus' text exposition format, every family with its
 * `# HELP` and `# TYPE` lines (a family without samples is left out). A fresh registry per call: nothing global,
 * and none of prom-client's default process metrics.
 */
export function renderMetrics(samples: readonly Sample[]): Promise<string> {
  const registry = new Registry();
  for (const name of metricNames) {
    const own = samples.filter((sample) => sample.name === name);
    if (own.length === 0) continue;
    const { help, labelNames } = metricFamilies[name];
    const gauge = new Gauge({ name, help, labelNames, registers: [registry] });
    for (const sample of own) gauge.set(sample.labels, sample.value);
  }
  return registry.metrics();
}
