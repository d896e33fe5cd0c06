import { writeFile } from 'node:fs/promises';
import { generateDataset } from '../generate/generate.js';
import { copenhagenDay } from '../util/days.js';
import { SettingsError } from '../util/errors.js';
import { note } from '../util/log.js';
import { optionalDay, optionalInteger, optionalPath, type RawOptions } from './options.js';

export async function generateCommand(options: RawOptions): Promise<void> {
  const persons = optionalInteger(options, 'persons', 1, 1_000_000);
  const out = optionalPath(options, 'out');
  if (persons === undefined || out === undefined) throw new SettingsError('p2l generate needs --persons N and --out FILE');
  const today = optionalDay(options, 'today') ?? copenhagenDay(new Date());
  const dataset = generateDataset({ persons, seed: optionalInteger(options, 'seed', 0, 2 ** 31 - 1) ?? 1, today });
  await writeFile(out, JSON.stringify(dataset));
  note(`wrote ${out}: ${dataset.units.length} units, ${dataset.persons.length} persons, ${dataset.engagements.length} engagements`);
}
