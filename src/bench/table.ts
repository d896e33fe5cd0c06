/** The bench's report as Markdown: bench/results.md and what the bench prints. */
import { fileNames } from '../export/columns.js';
import { coreSeconds } from './core.js';
import { backendNames, median, totalRows, type BackendResult, type BenchReport, type Machine, type RunConfig, type SizeResult } from './model.js';
import { checkTargets, coreSecondsPerRow, type TargetCheck } from './targets.js';

const seconds = (value: number) => value.toFixed(2);
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const count = (value: number) => value.toLocaleString('en-US');

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned = header.map((_, i) => i > 0)): string[] {
  return [`| ${header.join(' | ')} |`, `|${rightAligned.map((right) => (right ? '---:' : '---')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function duration(totalSeconds: number): string {
  const minutes = Math.floor(totalSeconds / 60);
  return minutes > 0 ? `${minutes} min ${Math.round(totalSeconds % 60)} s` : `${totalSeconds.toFixed(1)} s`;
}

function header(machine: Machine, config: RunConfig, totalSeconds: number): string[] {
  const repeats =
    config.repeats > 1
      ? `the median of ${config.repeats} (floor, export) pairs, run one after the other in alternating order; each ratio is the median of the pairs' own ratios`
      : 'one run';
  return [
    '# p2l benchmark',
    '',
    `Run ${machine.date} on Node ${machine.node}, ${machine.platform}, ${machine.cores} cores (${machine.cpuModel}), ` +
      `${machine.memoryGb.toFixed(1)} GB memory; load average ${machine.loadAtStart.toFixed(2)} at the start, ` +
      `${machine.loadAtEnd.toFixed(2)} at the end; the run took ${duration(totalSeconds)}.`,
    '',
    `Settings: the demo's (\`settingsForSimulator\` + \`integrations.SD_Lon.import.too_deep\`), ` +
      `**\`exporters.plan2learn.page_size\` ${config.pageSize}**, concurrency ${config.concurrency}, \`--today ${config.today}\`, ` +
      `generator seed ${config.seed}. The simulator runs in a process of its own; each end-to-end figure is ${repeats}` +
      `${config.profiled ? '; **the exporters ran under --cpu-prof, so their times include profiling**' : ''}.`,
  ];
}

function verdict(check: TargetCheck): string {
  if (check.met === undefined) return '–';
  return check.met ? 'met' : '**missed**';
}

function targetsSection(results: readonly SizeResult[]): string[] {
  const report = checkTargets(results);
  if (!report) return [];
  const note = report.at === 'L' ? '' : ` (the targets are set for L; this run's largest size is ${report.at})`;
  return [
    `## Targets, at ${report.at}${note}`,
    '',
    ...table(
      ['target', 'goal', 'measured', ''],
      report.checks.map((check) => [check.target, check.goal, check.measured, verdict(check)]),
      [false, false, false, false],
    ),
  ];
}

function datasetsSection(results: readonly SizeResult[]): string[] {
  return [
    "## Municipalities (the project's generator)",
    '',
    ...table(
      ['size', 'persons', 'units', 'engagements', 'addresses', 'manager roles', 'dataset MB'],
      results.map(({ size, dataset }) => [
        size.name,
        count(dataset.persons),
        count(dataset.units),
        count(dataset.engagements),
        count(dataset.addresses),
        count(dataset.managers),
        mb(dataset.bytes),
      ]),
    ),
  ];
}

function endToEndRow(size: SizeResult, result: BackendResult): string[] {
  const { export: run, floor } = result;
  return [
    size.size.name,
    backendNames[result.backend],
    seconds(run.wallSeconds),
    seconds(floor.seconds),
    `**${result.ratio.toFixed(2)}**`,
    result.cpuRatio.toFixed(2),
    `${seconds(run.ownSeconds)} (${seconds(run.fetchSeconds)})`,
    seconds(run.cpuSeconds),
    Math.round(run.peakRssMb).toString(),
    count(run.requests),
    mb(run.bytes),
    seconds(run.simCpuSeconds),
    seconds(floor.cpuSeconds),
    Math.round(floor.peakRssMb).toString(),
    result.loadAverage.toFixed(1),
  ];
}

function endToEndSection(results: readonly SizeResult[]): string[] {
  return [
    '## End to end (`node dist/cli.js export`) against the fetch floor',
    '',
    ...table(
      [
        'size',
        'backend',
        'export s',
        'floor s',
        'export / floor',
        'CPU export / floor',
        "export's own s (fetch s)",
        'export CPU s',
        'export peak RSS MB',
        'requests',
        'MB received',
        'simulator CPU s',
        'floor CPU s',
        'floor peak RSS MB',
        'load average',
      ],
      results.flatMap((size) => size.backends.map((result) => endToEndRow(size, result))),
      [false, false, ...Array<boolean>(13).fill(true)],
    ),
  ];
}

function askedRow(size: string, backend: string, result: BackendResult): string[] {
  const rows = totalRows(result.export.rows);
  const counted = result.backend !== 'cache';
  return [
    size,
    backend,
    count(rows),
    count(result.export.requests),
    mb(result.export.bytes),
    count(Math.round(result.export.bytes / rows)),
    counted ? count(result.export.objects) : '–',
    counted ? (result.export.objects / rows).toFixed(2) : '–',
    seconds(result.export.wallSeconds),
  ];
}

/** Bytes and objects per exported row, per backend and size, and the partial-root case. */
function askedSection(results: readonly SizeResult[]): string[] {
  const rows = results.flatMap((size) => [
    ...size.backends.map((result) => askedRow(size.size.name, backendNames[result.backend], result)),
    ...(size.partial
      ? [
          askedRow(
            size.size.name,
            `${backendNames.mo}, root = one directorate (${count(size.partial.units)} of ${count(size.dataset.units)} units)`,
            size.partial.result,
          ),
        ]
      : []),
  ]);
  return [
    '## What is asked of the server, per exported row',
    '',
    ...table(['size', 'backend', 'rows exported', 'requests', 'MB received', 'bytes per row', 'objects resolved', 'objects per row', 'export s'], rows, [
      false,
      false,
      ...Array<boolean>(7).fill(true),
    ]),
  ];
}

function coreSection(results: readonly SizeResult[]): string[] {
  const rows = results.map((result, i) => {
    const runs = result.core.runs;
    const first = runs[0];
    const previous = results[i - 1];
    return [
      result.size.name,
      count(totalRows(result.core.rows)),
      first ? seconds(coreSeconds(first)) : '–',
      seconds(median(runs.map(coreSeconds))),
      seconds(median(runs.map((run) => run.buildSeconds))),
      seconds(median(runs.map((run) => run.writeSeconds))),
      (coreSecondsPerRow(result) * 1e6).toFixed(2),
      previous ? `${(coreSecondsPerRow(result) / coreSecondsPerRow(previous)).toFixed(2)}×` : '–',
    ];
  });
  const runs = results[0]?.core.runs.length ?? 0;
  return [
    '## Export core alone (snapshot in memory → five files written)',
    '',
    ...table(
      ['size', 'rows exported', 'first run s', `median s (${runs} runs)`, 'buildExport s', 'writeCsvFiles s', 'µs per row', 'per row vs size above'],
      rows,
    ),
  ];
}

function rowsSection(results: readonly SizeResult[]): string[] {
  return [
    '## Rows per file',
    '',
    ...table(
      ['size', ...fileNames.map((file) => `${file}.csv`), 'total'],
      results.map(({ size, core }) => [size.name, ...fileNames.map((file) => count(core.rows[file])), count(totalRows(core.rows))]),
    ),
  ];
}

function notesSection(results: readonly SizeResult[]): string[] {
  const notes = results.flatMap((result) => result.notes.map((note) => `- ${result.size.name}: ${note}`));
  return notes.length === 0 ? [] : ['## Notes', '', ...notes];
}

const legend = [
  '## What the figures mean',
  '',
  "- **export s**: wall time of `node dist/cli.js export ... --quiet` as a separate process, from spawn to exit (Node's start-up included); " +
    '**own s (fetch s)** is what its summary line says (`export done in X s (fetch Y s, ...)`): its own clock, without start-up. ' +
    "**export CPU s** (user + system) and **peak RSS** are the child's own `process.resourceUsage()`, written on exit by a hook loaded with `--import`.",
  "- **floor s**: the same pages fetched in a fresh process by a bare client (plain `fetch`, one token from the simulator's token endpoint, " +
    "the same documents, cursors or LoRa pages, page size and concurrency; both floors also make the DAR step's lookups of the units' DAR addresses through GraphQL), " +
    'each answer parsed with `JSON.parse` and dropped; timed from the token request to the last page. For the cache backend the floor is ' +
    'reading and parsing `snapshot.jsonl`, line by line. **export / floor** is what the exporter costs over merely receiving its data: ' +
    'start-up, the client, translation (LoRa), the checksum (cache), the core and the files. **CPU export / floor** compares the two ' +
    "processes' CPU time (user + system, start-up included): it moves less than wall time when the machine is busy.",
  "- **load average**: the machine's 1-minute load average when the pairs started (mean). Other work on the machine slows floor and export " +
    'alike but not always at the same moment: with a load above the number of cores, read the ratios with care.',
  '- **requests**, **MB received**: counted by the simulator (GraphQL + LoRa requests; the token request not counted); for the cache, ' +
    "the snapshot file's size. The floor made the same number of requests (a note says so when it did not). " +
    "**simulator CPU s**: the simulator process's CPU while it served the export: when it is close to **export s**, " +
    'the simulator, not the exporter, set the pace (the floor shows the same).',
  '- **bytes per row**, **objects per row**: what the server sent and resolved for the export (the simulator counts every object, version, ' +
    "reference and validity it resolves, by GraphQL type, and LoRa's objects served), over the rows of the five files. The partial-root row is the " +
    "MO backend with the root moved to one directorate (the root's first child): MO is asked only for that subtree's engagements and managers, " +
    'and only for the persons they name.',
  '- **Export core alone**: `buildExport` + `writeCsvFiles` on a snapshot already in memory, in a fresh process; the first run is what one ' +
    '`p2l export` pays (cold JIT), the median shows the steady state. **µs per row** = median time / rows in the five files.',
  '- Every figure is a measurement of this run on this machine, compared with a baseline of the same run; none is a pass/fail threshold.',
];

export function renderReport(report: BenchReport): string {
  const sections = [
    header(report.machine, report.config, report.totalSeconds),
    targetsSection(report.results),
    endToEndSection(report.results),
    askedSection(report.results),
    coreSection(report.results),
    rowsSection(report.results),
    datasetsSection(report.results),
    notesSection(report.results),
    legend,
  ];
  return `${sections
    .filter((section) => section.length > 0)
    .map((section) => section.join('\n'))
    .join('\n\n')}\n`;
}
