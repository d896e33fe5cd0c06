import { lstat, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sample } from '../../src/metrics/families.js';
import { previousSamples, samplesOf } from '../../src/metrics/previous.js';
import { renderMetrics } from '../../src/metrics/render.js';
import { metricsOfRun } from '../../src/metrics/run.js';
import { samplesAfterRun, type RunMetrics } from '../../src/metrics/samples.js';
import { updateMetricsFile } from '../../src/metrics/update.js';
import { writeMetricsAtomically } from '../../src/metrics/write.js';
import { temporaryFolders } from '../ship/fixtures.js';

const at = new Date('2026-11-26T02:00:07.900Z');
const atSeconds = 1_795_658_407;

const run = (facts: Partial<RunMetrics>): RunMetrics => ({ command: 'export', success: true, durationSeconds: 12.34567, finishedAt: at, ...facts });
const sample = (name: Sample['name'], labels: Record<string, string>, value: number): Sample => ({ name, labels, value });

describe('the samples a run writes', () => {
  it("replaces its own command's series, keeps other commands', and keeps the last success time when it fails", () => {
    const previous = [
      sample('p2l_run_success', { command: 'export' }, 1),
      sample('p2l_run_success', { command: 'check' }, 1),
      sample('p2l_last_success_timestamp_seconds', { command: 'export' }, 1_796_176_800),
      sample('p2l_last_success_timestamp_seconds', { command: 'check' }, 1_796_176_700),
      sample('p2l_rows', { file: 'bruger.csv' }, 40),
    ];
    expect(samplesAfterRun(run({ success: false }), previous)).toEqual([
      sample('p2l_run_success', { command: 'check' }, 1),
      sample('p2l_run_success', { command: 'export' }, 0),
      sample('p2l_run_duration_seconds', { command: 'export' }, 12.346),
      sample('p2l_last_success_timestamp_seconds', { command: 'check' }, 1_796_176_700),
      sample('p2l_last_success_timestamp_seconds', { command: 'export' }, 1_796_176_800),
      sample('p2l_rows', { file: 'bruger.csv' }, 40),
    ]);
    expect(samplesAfterRun(run({ success: true, rows: { 'bruger.csv': 39 } }), previous).filter((s) => s.labels['command'] !== 'check')).toEqual([
      sample('p2l_run_success', { command: 'export' }, 1),
      sample('p2l_run_duration_seconds', { command: 'export' }, 12.346),
      sample('p2l_last_success_timestamp_seconds', { command: 'export' }, atSeconds),
      sample('p2l_rows', { file: 'bruger.csv' }, 39),
    ]);
  });

  it('has no last success time for a command that never succeeded', () => {
    expect(samplesAfterRun(run({ command: 'ship', success: false, durationSeconds: 0.5 }), []).map((s) => s.name)).toEqual([
      'p2l_run_success',
      'p2l_run_duration_seconds',
    ]);
  });

  it('replaces a reported family whole: a warning kind that no longer occurs is 0, a delivery without removals drops the old counts', () => {
    const previous = [sample('p2l_warnings', { kind: 'duplicate-cpr' }, 3), sample('p2l_delivery_deletions', { kind: 'persons' }, 12)];
    const facts = { command: 'export', rows: { bruger: 5 }, warnings: 1, warningKinds: { 'manager-vacant': 1 }, deletions: {} };
    const after = samplesAfterRun(metricsOfRun(facts, 0, 1, at), previous);
    expect(after.filter((s) => s.name === 'p2l_warnings' && s.value > 0)).toEqual([sample('p2l_warnings', { kind: 'manager-vacant' }, 1)]);
    expect(after.find((s) => s.name === 'p2l_warnings' && s.labels['kind'] === 'duplicate-cpr')?.value).toBe(0);
    expect(after.filter((s) => s.name === 'p2l_delivery_deletions')).toEqual([]);
    expect(after.filter((s) => s.name === 'p2l_rows')).toEqual([sample('p2l_rows', { file: 'bruger.csv' }, 5)]);
  });
});

describe('the metrics file', () => {
  const folders = temporaryFolders();
  afterAll(() => folders.removeAll());
  const notOurs =
    /^it is not a metrics file p2l wrote, and p2l leaves it as it is: give p2l a file of its own, such as \/var\/lib\/node_exporter\/textfile_collector\/p2l\.prom$/;
  it('is Prometheus text with # HELP and # TYPE for every family written', async () => {
    const text = await renderMetrics(
      samplesAfterRun(run({ rows: { 'bruger.csv': 2 }, warnings: { 'manager-vacant': 1 }, deletions: { persons: 0, units: 1 } }), []),
    );
    expect(text).toBe(`# HELP p2l_run_success Whether the last run of the command succeeded (1) or failed (0)
# TYPE p2l_run_success gauge
p2l_run_success{command="export"} 1

# HELP p2l_run_duration_seconds How long the last run of the command took, in seconds
# TYPE p2l_run_duration_seconds gauge
p2l_run_duration_seconds{command="export"} 12.346

# HELP p2l_last_success_timestamp_seconds When the command last succeeded, in seconds since the Unix epoch
# TYPE p2l_last_success_timestamp_seconds gauge
p2l_last_success_timestamp_seconds{command="export"} ${atSeconds}

# HELP p2l_rows Rows (without the header) of each file the last export wrote
# TYPE p2l_rows gauge
p2l_rows{file="bruger.csv"} 2

# HELP p2l_warnings Warnings of the last export, by kind (see the README: The summary and the warnings)
# TYPE p2l_warnings gauge
p2l_warnings{kind="manager-vacant"} 1

# HELP p2l_delivery_deletions Persons (bruger.csv) or units (organisation.csv) of the last delivery that the last checked delivery removes, as the deletion guard counts them
# TYPE p2l_delivery_deletions gauge
p2l_delivery_deletions{kind="persons"} 0
p2l_delivery_deletions{kind="units"} 1
`);
    expect(samplesOf(text)).toEqual(
      samplesAfterRun(run({ rows: { 'bruger.csv': 2 }, warnings: { 'manager-vacant': 1 }, deletions: { persons: 0, units: 1 } }), []),
    );
  });

  it("tells a file that is not p2l's, or does not parse, from none", async () => {
    const dir = await folders.make('metrics');
    const cases = [
      'node_cpu_seconds_total{cpu="0"} 1\n',
      '# HELP p2l_run_success x\np2l_run_success{command="export"} one\n',
      'p2l_run_success{command="export",extra="x"} 1\n',
      'p2l_rows 3\n',
      'p2l_rows{file="bruger.csv} 3\n',
      '\u0000\u0001binary',
    ];
    for (const [index, text] of cases.entries()) {
      expect(samplesOf(text), text).toBeUndefined();
      const file = join(dir, `case-${index}.prom`);
      await writeFile(file, text);
      expect(await previousSamples(file)).toBeUndefined();
    }
    expect(await previousSamples(join(dir, 'absent.prom'))).toEqual([]);
    expect(await previousSamples(dir)).toBeUndefined();
    expect(samplesOf('p2l_rows{file="a \\"b\\" \\\\ c"} 3\n')).toEqual([sample('p2l_rows', { file: 'a "b" \\ c' }, 3)]);
    const large = join(dir, 'large.prom');
    await writeFile(large, 'p2l_rows{file="bruger.csv"} 3\n'.repeat(40_000));
    expect(await previousSamples(large)).toBeUndefined();
  });

  it("is replaced whole, by a rename from a temporary name of p2l's own, leaving nothing behind even when writing fails", async () => {
    const dir = await folders.make('metrics');
    const file = join(dir, 'p2l.prom');
    await writeFile(file, '');
    await updateMetricsFile(file, run({ command: 'check' }));
    expect(await readdir(dir)).toEqual(['p2l.prom']);
    expect(await readFile(file, 'utf8')).toMatch(/^# HELP p2l_run_success /);
    await expect(writeMetricsAtomically(join(dir, 'p2l.prom', 'inside-a-file.prom'), 'x')).rejects.toThrow(/ENOTDIR/);
    await expect(writeMetricsAtomically(dir, 'x')).rejects.toThrow(/EISDIR/);
    expect(await readdir(dir)).toEqual(['p2l.prom']);
  });

  it('leaves a file p2l did not write as it is, byte for byte, and says so', async () => {
    const dir = await folders.make('metrics');
    const file = join(dir, 'p2l.prom');
    await writeFile(file, 'not ours\n');
    await expect(updateMetricsFile(file, run({ command: 'check' }))).rejects.toThrow(notOurs);
    expect(await readdir(dir)).toEqual(['p2l.prom']);
    expect(await readFile(file, 'utf8')).toBe('not ours\n');
  });

  it("leaves a symbolic link as it is, even to a file of p2l's metrics", async () => {
    const dir = await folders.make('metrics');
    const target = join(dir, 'target.prom');
    const ours = await renderMetrics(samplesAfterRun(run({}), []));
    await writeFile(target, ours);
    const link = join(dir, 'p2l.prom');
    await symlink(target, link);
    await expect(updateMetricsFile(link, run({ command: 'check' }))).rejects.toThrow(notOurs);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(target, 'utf8')).toBe(ours);
    expect((await readdir(dir)).sort()).toEqual(['p2l.prom', 'target.prom']);
  });
});
