#!/usr/bin/env node
import { cac } from 'cac';
import { demoCommand } from './commands/demo.js';
import { exportCommand } from './commands/export.js';
import { fetchCommand } from './commands/fetch.js';
import { generateCommand } from './commands/generate.js';
import type { RawOptions } from './commands/options.js';
import { simCommand } from './commands/sim.js';
import { P2lError, messageOf } from './util/errors.js';
import { version } from './util/version.js';

const cli = cac('p2l');

cli
  .command('export', 'Read MO and write the five Plan2Learn files')
  .option('--settings <file>', 'settings.json with dotted keys (the environment overrides it)', { default: 'settings.json' })
  .option('--out <dir>', 'folder for the five files', { default: 'out' })
  .option('--today <YYYY-MM-DD>', 'pin the day the export is made for (default: today in Copenhagen)')
  .option('--backend <name>', 'where to read from: mo', { default: 'mo' })
  .option('--quiet', 'no progress on stderr')
  .option('--verbose', 'list the UUIDs behind every warning')
  .action((options: RawOptions) => exportCommand(options));

cli
  .command('fetch', 'Read a snapshot of MO (units, persons, engagements, managers, job functions)')
  .option('--settings <file>', 'settings.json with dotted keys (the environment overrides it)', { default: 'settings.json' })
  .option('--today <YYYY-MM-DD>', 'pin the day the export is made for (default: today in Copenhagen)')
  .option('--out <file>', 'write the snapshot as JSON (mode 0600)')
  .option('--quiet', 'no progress on stderr')
  .action((options: RawOptions) => fetchCommand(options));

cli
  .command('demo', 'Export the built-in demo municipality (simulator in-process, read over HTTP)')
  .option('--out <dir>', 'output folder', { default: 'out' })
  .option('--quiet', 'no progress on stderr')
  .action((options: RawOptions) => demoCommand(options));

cli
  .command('sim', "Serve a dataset through MO's GraphQL API and a Keycloak token endpoint on 127.0.0.1")
  .option('--dataset <file>', 'dataset JSON (default: the demo municipality)')
  .option('--port <n>', 'port (default: a free one)')
  .action((options: RawOptions) => simCommand(options));

cli
  .command('generate', 'Write a synthetic municipality as a dataset file')
  .option('--persons <n>', 'number of persons')
  .option('--seed <n>', 'random seed (same seed, same file)', { default: 1 })
  .option('--today <YYYY-MM-DD>', 'the day the data is built around (default: today)')
  .option('--out <file>', 'dataset file to write')
  .action((options: RawOptions) => generateCommand(options));

cli.help();
cli.version(version);

async function main(): Promise<void> {
  cli.parse(process.argv, { run: false });
  if (!cli.matchedCommand) {
    if (cli.args.length > 0) throw new P2lError(`unknown command "${cli.args[0]}": run p2l --help`, 2);
    if (!cli.options['help'] && !cli.options['version']) cli.outputHelp();
    return;
  }
  await cli.runMatchedCommand();
}

main().catch((error: unknown) => {
  const usage = error instanceof Error && error.name === 'CACError';
  console.error(`p2l: ${messageOf(error)}`);
  process.exitCode = error instanceof P2lError ? error.exitCode : usage ? 2 : 1;
});
