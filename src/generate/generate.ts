import { datasetFormat, type Dataset } from '../dataset/format.js';
import { buildClassification } from './classes.js';
import { dayNumber } from './days.js';
import { buildEngagements } from './engagements.js';
import { buildManagers } from './managers.js';
import { municipalities } from './names.js';
import { buildPersonAddresses } from './person-addresses.js';
import { buildPersons } from './persons.js';
import { createRandom, type Random, type StreamName } from './random.js';
import { buildUnitTree } from './tree.js';
import { buildUnitAddresses } from './unit-addresses.js';

export interface GenerateOptions {
  persons: number;
  seed: number;
  /** YYYY-MM-DD: the day the data is as of (past, active and future are relative to it). */
  today: string;
}

/** One unit per 15 persons, at least 10. */
export function unitCountFor(persons: number): number {
  return Math.max(10, Math.round(persons / 15));
}

/** One manager role per 20 persons. */
export function managerCountFor(persons: number): number {
  return Math.round(persons / 20);
}

/**
 * A synthetic Danish municipality in the dataset format. Deterministic: the
 * same options give the same dataset, byte for byte once serialised; each
 * part draws from its own random stream of the seed.
 */
export function generateDataset(options: GenerateOptions): Dataset {
  const { persons: personCount, seed } = options;
  if (!Number.isSafeInteger(personCount) || personCount < 0) {
    throw new RangeError(`persons must be a whole number >= 0, got ${personCount}`);
  }
  const today = dayNumber(options.today);
  const random = (stream: StreamName): Random => createRandom(seed, stream);

  const municipalityRandom = random('municipality');
  const municipality = municipalityRandom.pick(municipalities);
  const organisation = municipalityRandom.uuid();
  const classification = buildClassification(random('classes'));
  const tree = buildUnitTree(random('units'), { unitCount: unitCountFor(personCount), today, municipality, classification });
  const persons = buildPersons(random('persons'), { count: personCount, today });
  const staffing = buildEngagements(random('engagements'), { persons, tree, classification, today });
  const managers = buildManagers(random('managers'), {
    count: managerCountFor(personCount),
    tree,
    staffing,
    persons,
    classification,
    today,
  });
  const unitAddresses = buildUnitAddresses(random('unitAddresses'), { tree, municipality, classification, today });
  const personAddresses = buildPersonAddresses(random('personAddresses'), {
    persons,
    firstStart: staffing.firstStart,
    municipality,
    classification,
    today,
  });

  return {
    format: datasetFormat,
    name: `Generated municipality (seed ${seed}, ${personCount} persons, as of ${options.today})`,
    organisation,
    facets: classification.facets,
    classes: classification.classes,
    units: tree.units.map(({ uuid, versions }) => ({ uuid, versions })),
    persons: persons.map(({ uuid, versions }) => ({ uuid, versions })),
    engagements: staffing.engagements,
    addresses: [...unitAddresses, ...personAddresses],
    managers,
  };
}
