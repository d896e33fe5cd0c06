import { describeSource, parseSource, readSnapshot, type Source } from '../backend/read.js';
import { describeDiff, diffRows, isIdentical } from '../compare/diff.js';
import { buildExport } from '../export/build.js';
import { exportOptionsOf } from '../settings/export-options.js';
import { loadSettings } from '../settings/load.js';
import { copenhagenDay } from '../util/days.js';
import { SettingsError } from '../util/errors.js';
import { info } from '../util/log.js';
import { flag, optionalDay, optionalPath, type RawOptions } from './options.js';

function sourceArgument(text: string | undefined, fallback: Source): Source {
  if (text === undefined) return fallback;
  const source = parseSource(text);
  if (!source) throw new SettingsError(`"${text}" is not a source: give mo, lora or cache:DIR`);
  return source;
}

/**
 * Exports from two sources and prints, per file, the rows only on one side
 * and the rows that differ, column by column. Exit 0 when identical, 1 not.
 */
export async function compareCommand(left: string | undefined, right: string | undefined, options: RawOptions): Promise<void> {
  const sources = [sourceArgument(left, { kind: 'mo' }), sourceArgument(right, { kind: 'lora' })] as const;
  const names = sources.map(describeSource);
  if (names[0] === names[1]) throw new SettingsError('compare needs two different sources, e.g. p2l compare mo lora');
  const settings = await loadSettings(optionalPath(options, 'settings'));
  const today = optionalDay(options, 'today') ?? copenhagenDay(new Date());
  const read = { today, quiet: flag(options, 'quiet'), withHistory: settings.startDate === 'earliest', resolveDar: true, now: new Date() };
  const a = await readSnapshot(sources[0], settings, read);
  const b = await readSnapshot(sources[1], settings, read);
  const exportOptions = exportOptionsOf(settings);
  const diffs = diffRows(buildExport(a.snapshot, exportOptions, today).rows, buildExport(b.snapshot, exportOptions, today).rows);
  for (const line of describeDiff(diffs, names[0] ?? 'left', names[1] ?? 'right')) info(line);
  const identical = isIdentical(diffs);
  info(identical ? `identical: ${names.join(' and ')} give the same five files` : `different: ${names.join(' and ')} do not give the same files`);
  if (!identical) process.exitCode = 1;
}
