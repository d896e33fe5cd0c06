import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { keepEarlierDelivery, organisationRows } from '../delivery/fixtures.js';
import { municipalityCli } from '../support/delivery-world.js';

const help = {
  success: '# HELP p2l_run_success Whether the last run of the command succeeded (1) or failed (0)\n# TYPE p2l_run_success gauge',
  duration: '# HELP p2l_run_duration_seconds How long the last run of the command took, in seconds\n# TYPE p2l_run_duration_seconds gauge',
  lastSuccess:
    '# HELP p2l_last_success_timestamp_seconds When the command last succeeded, in seconds since the Unix epoch\n# TYPE p2l_last_success_timestamp_seconds gauge',
  rows: '# HELP p2l_rows Rows (without the header) of each file the last export wrote\n# TYPE p2l_rows gauge',
  warnings: '# HELP p2l_warnings Warnings of the last export, by kind (see the README: The summary and the warnings)\n# TYPE p2l_warnings gauge',
  deletions:
    '# HELP p2l_delivery_deletions Persons (bruger.csv) or units (organisation.csv) of the last delivery that the last checked delivery removes, as the deletion guard counts them\n# TYPE p2l_delivery_deletions gauge',
};

/** The fixture municipality's export on 2026-11-26: the golden files' rows and the warnings NOTES.md lists. */
const exportFamilies = `${help.rows}
p2l_rows{file="bruger.csv"} 21
p2l_rows{file="organisation.csv"} 13
p2l_rows{file="engagement.csv"} 28
p2l_rows{file="stillingskode.csv"} 10
p2l_rows{file="leder.csv"} 6

${help.warnings}
p2l_warnings{kind="person-without-cpr"} 1
p2l_warnings{kind="malformed-cpr"} 0
p2l_warnings{kind="duplicate-cpr"} 1
p2l_warnings{kind="engagement-moved-to-ancestor"} 3
p2l_warnings{kind="engagement-in-excluded-unit-skipped"} 0
p2l_warnings{kind="engagement-unknown-person"} 0
p2l_warnings{kind="engagement-unknown-job-function"} 0
p2l_warnings{kind="manager-vacant"} 1
p2l_warnings{kind="manager-person-not-exported"} 2
p2l_warnings{kind="dar-address-unresolved"} 3
p2l_warnings{kind="duplicate-object"} 0
p2l_warnings{kind="control-characters-replaced"} 0
p2l_warnings{kind="long-value-cut"} 0
p2l_warnings{kind="unencodable-character-replaced"} 0
p2l_warnings{kind="unit-parent-loop"} 0
p2l_warnings{kind="person-without-name"} 0
`;

/** The file when only exports ran, the last one succeeding (1) or failing (0); the last success time is that of the first. */
const afterExports = (success: 0 | 1) => `${help.success}
p2l_run_success{command="export"} ${success}

${help.duration}
p2l_run_duration_seconds{command="export"} <seconds>

${help.lastSuccess}
p2l_last_success_timestamp_seconds{command="export"} <t:0>

${exportFamilies}`;

describe('--metrics-file: Prometheus metrics for node_exporter, written atomically', () => {
  const cli = municipalityCli('metrics-cli', { 'exporters.plan2learn.retries': 0 });
  let metricsDir: string;
  let metrics: string;
  let started: number;
  beforeAll(async () => {
    metricsDir = join(cli.dir, 'textfile');
    await mkdir(metricsDir);
    metrics = join(metricsDir, 'p2l.prom');
    started = Math.floor(Date.now() / 1000);
  });

  /** The file, with each duration as `<seconds>` and each last success time as `<t:N>` (N: the order first seen). */
  async function metricsText(): Promise<{ text: string; times: number[] }> {
    const times: number[] = [];
    const text = (await readFile(metrics, 'utf8'))
      .replace(/^(p2l_run_duration_seconds\{command="\w+"\}) (\d+(\.\d+)?)$/gm, '$1 <seconds>')
      .replace(/^(p2l_last_success_timestamp_seconds\{command="\w+"\}) (\d+)$/gm, (_, series: string, value: string) => {
        if (!times.includes(Number(value))) times.push(Number(value));
        return `${series} <t:${times.indexOf(Number(value))}>`;
      });
    return { text, times };
  }

  /** Only the metrics file is ever in its folder: no temporary file left behind. */
  const onlyTheMetricsFile = async () => expect(await readdir(metricsDir)).toEqual(['p2l.prom']);

  it('writes success, duration, last success time, rows and warnings after an export', async () => {
    const result = await runCli([
      'export',
      '--settings',
      cli.settings,
      '--out',
      join(cli.dir, 'out'),
      '--today',
      '2026-11-26',
      '--quiet',
      '--metrics-file',
      metrics,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { text, times } = await metricsText();
    expect(text).toBe(afterExports(1));
    expect(times[0]).toBeGreaterThanOrEqual(started);
    expect(times[0]).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    await onlyTheMetricsFile();
  });

  it("keeps the last success time (and the files' rows) when an export fails, the file named by the environment", async () => {
    const before = await metricsText();
    const result = await runCli(['export', '--settings', cli.settings, '--out', join(cli.dir, 'out'), '--today', '2026-11-26', '--quiet'], {
      MORA_BASE: 'http://127.0.0.1:9',
      EXPORTERS_PLAN2LEARN_METRICS_FILE: metrics,
    });
    expect(result.code).toBe(1);
    const { text, times } = await metricsText();
    expect(text).toBe(afterExports(0));
    expect(times).toEqual(before.times);
    await onlyTheMetricsFile();
  });

  it("adds check's series beside export's, and the deletion guard's counts from ship", async () => {
    const check = await runCli(['check', '--settings', cli.settings, '--today', '2026-11-26', '--metrics-file', metrics]);
    expect(check.code).toBe(0);
    // A last delivery of 40 persons and 3 units the fixture municipality does not have: the guard stops the delivery (exit 4).
    const state = join(cli.dir, 'state');
    const earlier = join(cli.dir, 'earlier');
    await mkdir(earlier);
    await keepEarlierDelivery(state, earlier, organisationRows({ persons: 40, units: 3 }));
    const ship = await runCli(['ship', '--settings', cli.settings, '--from', join(cli.dir, 'out'), '--metrics-file', metrics], {
      EXPORTERS_PLAN2LEARN_HOST: '127.0.0.1',
      EXPORTERS_PLAN2LEARN_USER: 'viborg',
      EXPORTERS_PLAN2LEARN_PASSWORD: 'never-used',
      EXPORTERS_PLAN2LEARN_STATE_DIR: state,
    });
    expect(ship.code).toBe(4);
    const { text, times } = await metricsText();
    expect(text).toBe(`${help.success}
p2l_run_success{command="check"} 1
p2l_run_success{command="export"} 0
p2l_run_success{command="ship"} 0

${help.duration}
p2l_run_duration_seconds{command="check"} <seconds>
p2l_run_duration_seconds{command="export"} <seconds>
p2l_run_duration_seconds{command="ship"} <seconds>

${help.lastSuccess}
p2l_last_success_timestamp_seconds{command="check"} <t:0>
p2l_last_success_timestamp_seconds{command="export"} <t:1>

${exportFamilies}
${help.deletions}
p2l_delivery_deletions{kind="persons"} 40
p2l_delivery_deletions{kind="units"} 3
`);
    expect(times[0]).toBeGreaterThanOrEqual(times[1] ?? Infinity);
    await onlyTheMetricsFile();
  });

  it('warns when the metrics file cannot be written, and the run still succeeds', async () => {
    const missing = join(cli.dir, 'no-such-folder', 'p2l.prom');
    const result = await runCli(['check', '--settings', cli.settings, '--today', '2026-11-26', '--metrics-file', missing]);
    expect(result.stderr).toBe(
      `p2l: warning: metrics file ${missing} was not written (ENOENT): check --metrics-file or exporters.plan2learn.metrics_file; the run itself is not affected\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\np2l: status=ok exit=0 command=check duration=[\d.]+s\n$/);
  });

  it('leaves a file p2l did not write as it is, the settings file say, with a warning, and the run still succeeds', async () => {
    const before = await readFile(cli.settings);
    const result = await runCli(['check', '--settings', cli.settings, '--today', '2026-11-26', '--metrics-file', cli.settings]);
    expect(result.stderr).toBe(
      `p2l: warning: metrics file ${cli.settings} was not written (it is not a metrics file p2l wrote, and p2l leaves it as it is: give p2l a file of its own, such as /var/lib/node_exporter/textfile_collector/p2l.prom): check --metrics-file or exporters.plan2learn.metrics_file; the run itself is not affected\n`,
    );
    expect(result.code).toBe(0);
    expect(await readFile(cli.settings)).toEqual(before);
  });
});
