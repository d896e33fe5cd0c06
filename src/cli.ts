#!/usr/bin/env node
import { cac, type Command } from 'cac';
import type { RawOptions } from './commands/options.js';
import { P2lError, messageOf } from './util/errors.js';
import { dropInsecureSwitch } from './util/insecure-switch.js';
import { installInterruptHandlers, interruptedBy } from './util/interrupt.js';
import { log, setLogFormat, warn } from './util/log.js';
import { metricsFileOfRun, printRunSummary, recordRun, runFacts, runSeconds } from './util/run-summary.js';
import { safeTextFor } from './util/server-text.js';
import { version } from './util/version.js';

// Each command's module is loaded when that command runs: p2l export need not load ssh2 or the simulator.
const cli = cac('p2l');

const metricsFileHelp =
  "write Prometheus metrics for node_exporter's textfile collector to PATH, atomically (also exporters.plan2learn.metrics_file, EXPORTERS_PLAN2LEARN_METRICS_FILE)";

/** The options of an upload: `ship`'s, and `export`'s with --ship (`condition`). `only` names the one transport an option is for. */
const shipOptions: readonly { flag: string; only?: string; help: string }[] = [
  { flag: '--dry-run', help: 'connect, log in and list the remote folder; upload nothing' },
  { flag: '--allow-empty', help: 'ship even when bruger.csv has no rows' },
  { flag: '--allow-deletions <n>', help: 'this run may remove up to N persons and up to N units, whatever the deletion guard allows' },
  { flag: '--insecure-skip-tls-verify', only: 'FTPES', help: "do not verify the server's certificate (prints a warning every run)" },
];

function withShipOptions(command: Command, condition?: string): Command {
  for (const { flag, only, help } of shipOptions) {
    const scope = [condition, only].filter((part) => part !== undefined).join(', ');
    command.option(flag, scope === '' ? help : `${scope}: ${help}`);
  }
  return command;
}

const exporting = cli
  .command('export', 'Read MO and write the five Plan2Learn files')
  .option('--out <dir>', 'folder for the five files', { default: 'out' })
  .option('--today <YYYY-MM-DD>', 'pin the day the export is made for (default: today in Copenhagen)')
  .option('--backend <name>', "where to read MO from: mo (GraphQL) or lora (LoRa's OIO REST API)", { default: 'mo' })
  .option('--save-cache <dir>', 'also keep the snapshot read as a cache in DIR')
  .option('--read-from-cache <dir>', 'export from a cache saved earlier, with no network at all')
  .option('--no-resolve-dar', 'lora: leave DAR addresses unresolved (no lookups through MO) and count them')
  .option('--quiet', 'no progress on stderr')
  .option('--verbose', 'list the UUIDs behind every warning')
  .option('--ship', "then check the files and upload them to Plan2Learn's server");
withShipOptions(exporting, 'with --ship')
  .option('--metrics-file <path>', metricsFileHelp)
  .action((options: RawOptions) => import('./commands/export.js').then((module) => module.exportCommand(options)));

const shipping = cli
  .command('ship', "Check the five CSV files in a folder against the contract and upload them to Plan2Learn's server")
  .option('--from <dir>', 'folder holding the five files', { default: 'out' });
withShipOptions(shipping)
  .option('--metrics-file <path>', metricsFileHelp)
  .action((options: RawOptions) => import('./commands/ship.js').then((module) => module.shipCommand(options)));

cli
  .command('diff', 'Show what shipping the files in a folder would change, against the last delivery or another folder; writes delta.json')
  .option('--from <dir>', 'folder holding the five files', { default: 'out' })
  .option('--against <last|dir>', 'the last delivery kept in the history, or a folder holding the five files', { default: 'last' })
  .action((options: RawOptions) => import('./commands/diff.js').then((module) => module.diffCommand(options)));

cli
  .command('check', "Pre-flight: settings, token, the query documents against MO's live schema, each query once, the root unit")
  .option('--today <YYYY-MM-DD>', 'the day to check the root unit on (default: today in Copenhagen)')
  .option('--ship', "also log in to Plan2Learn's server and prove write permission with a temporary file")
  .option('--metrics-file <path>', metricsFileHelp)
  .action((options: RawOptions) => import('./commands/check.js').then((module) => module.checkCommand(options)));

cli
  .command('compare [a] [b]', 'Export from two sources (mo, lora, cache:DIR; default mo and lora) and show where the files differ')
  .option('--today <YYYY-MM-DD>', 'pin the day the export is made for (default: today in Copenhagen)')
  .option('--quiet', 'no progress on stderr')
  .action((a: string | undefined, b: string | undefined, options: RawOptions) =>
    import('./commands/compare.js').then((module) => module.compareCommand(a, b, options)),
  );

cli
  .command('demo', 'Export the built-in demo municipality (simulator in-process, read over HTTP)')
  .option('--out <dir>', 'output folder', { default: 'out' })
  .option('--quiet', 'no progress on stderr')
  .action((options: RawOptions) => import('./commands/demo.js').then((module) => module.demoCommand(options)));

cli
  .command('sim', "Serve a dataset through MO's GraphQL API and a Keycloak token endpoint on 127.0.0.1")
  .option('--dataset <file>', 'dataset JSON (default: the demo municipality)')
  .option('--port <n>', 'port (default: a free one)')
  .option('--faults <spec>', 'inject faults, e.g. mixed=0.1,latency=0-300ms,seed=7 (README: Fault injection)')
  .option('--pagination <mode>', 'keyset (MO since June 2026, the default) or offset (MO before)')
  .option('--dar-not-found <uuids>', 'DAR UUIDs (comma-separated) DAR no longer knows: MO names them Ukendt and their DAR fields fail')
  .option('--dar-down', 'DAR answers every lookup with an error: no DAR address resolves, and MO reports its dar health false')
  .action((options: RawOptions) => import('./commands/sim.js').then((module) => module.simCommand(options)));

cli
  .command('generate', 'Write a synthetic municipality as a dataset file')
  .option('--persons <n>', 'number of persons')
  .option('--seed <n>', 'random seed (same seed, same file)', { default: 1 })
  .option('--today <YYYY-MM-DD>', 'the day the data is built around (default: today)')
  .option('--out <file>', 'dataset file to write')
  .action((options: RawOptions) => import('./commands/generate.js').then((module) => module.generateCommand(options)));

cli.option(
  '--settings <file>',
  'settings file of export, ship, diff, check and compare, with dotted keys (default: $CUSTOMER_SETTINGS, else ./settings.json if present, else none); the environment overrides it',
);
cli.option('--log-format <format>', 'text, or json: one JSON object per line for log collectors', { default: 'text' });
cli.help();
cli.version(version);

/** Commands whose runs end with the summary line (not the long-running simulator, nor help). */
const summarised = new Set(['export', 'ship', 'check', 'compare', 'demo']);

/** Commands that read the settings (the global --settings is refused by the others rather than ignored). */
const readsSettings = new Set(['export', 'ship', 'diff', 'check', 'compare']);

/** Commands that write the run's metrics (--metrics-file, or the setting). */
const metered = new Set(['export', 'ship', 'check']);

/** Options that would put a secret in the process list, where every user of the machine can read it. */
const secretOption = /^--?(password|passwd|secret|client-secret|client_secret|token|private-key)(=|$)/i;

async function main(): Promise<void> {
  const secret = process.argv.slice(2).find((argument) => secretOption.test(argument));
  if (secret) {
    const name = secret.split('=')[0] ?? secret;
    throw new P2lError(
      `${name}: secrets are not taken on the command line, where other users can read them in the process list: put them in the settings file (mode 0600) or the environment`,
      2,
    );
  }
  cli.parse(process.argv, { run: false });
  recordRun({ command: cli.matchedCommandName ?? '' });
  const format = cli.options['logFormat'];
  if (format !== 'text' && format !== 'json') throw new P2lError('--log-format must be text or json', 2);
  setLogFormat(format);
  const ignored = dropInsecureSwitch();
  if (ignored !== undefined) warn(ignored);
  if (!cli.matchedCommand) {
    if (cli.args.length > 0) throw new P2lError(`unknown command "${cli.args[0]}": run p2l --help`, 2);
    if (!cli.options['help'] && !cli.options['version']) cli.outputHelp();
    return;
  }
  const command = cli.matchedCommandName ?? '';
  if (cli.options['settings'] !== undefined && !readsSettings.has(command)) throw new P2lError(`--settings: p2l ${command} reads no settings`, 2);
  const metricsFile = cli.options['metricsFile'];
  if (metricsFile !== undefined && (typeof metricsFile !== 'string' || metricsFile === '')) throw new P2lError('--metrics-file needs a path', 2);
  // SIGTERM and SIGINT: abort, remove the unfinished set, release the lock, metrics, summary line, exit 143 / 130.
  if (summarised.has(command) && !cli.options['help']) {
    installInterruptHandlers(async (code, message) => {
      log('error', message);
      await writeRunMetrics(code);
      printRunSummary(code, message);
    });
  }
  await cli.runMatchedCommand();
}

/**
 * After export, ship and check: the metrics file, when --metrics-file, the
 * setting or (when the settings could not be read) its environment variable
 * names one. A metrics file that cannot be written is a warning: the run's
 * result stands.
 */
async function writeRunMetrics(exitCode: number): Promise<void> {
  if (!metered.has(cli.matchedCommandName ?? '') || cli.options['help']) return;
  const { environmentName, settingsTable } = await import('./settings/table.js');
  const flagged = cli.options['metricsFile'];
  const path =
    (typeof flagged === 'string' ? flagged : undefined) ?? metricsFileOfRun() ?? (process.env[environmentName(settingsTable.metricsFile.key)] || undefined);
  if (path === undefined) return;
  try {
    const [{ updateMetricsFile }, { metricsOfRun }] = await Promise.all([import('./metrics/update.js'), import('./metrics/run.js')]);
    await updateMetricsFile(path, metricsOfRun(runFacts(), exitCode, runSeconds(), new Date()));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    warn(
      `metrics file ${path} was not written (${code ?? messageOf(error)}): check --metrics-file or ${settingsTable.metricsFile.key}; the run itself is not affected`,
    );
  }
}

main()
  .then(
    async () => {
      if (interruptedBy()) return;
      if (!summarised.has(cli.matchedCommandName ?? '') || cli.options['help']) return;
      const code = Number(process.exitCode ?? 0);
      await writeRunMetrics(code);
      printRunSummary(code);
    },
    async (error: unknown) => {
      // A run stopped by a signal ends in the signal's handler, with its own line and summary.
      if (interruptedBy()) return;
      const usage = error instanceof Error && error.name === 'CACError';
      const code = error instanceof P2lError ? error.exitCode : usage ? 2 : 1;
      // Last line of defence: every error leaves on one line, with no secret, token or escape sequence in it.
      const message = safeTextFor()(messageOf(error));
      log('error', message);
      process.exitCode = code;
      if (!summarised.has(cli.matchedCommandName ?? '')) return;
      await writeRunMetrics(code);
      printRunSummary(code, message);
    },
  )
  .catch((error: unknown) => {
    log('error', safeTextFor()(messageOf(error)));
    process.exitCode = 1;
  });
