/** Everything LoRa gave, translated into the Snapshot MO's documents would have answered. */
import type { Snapshot } from '../../snapshot.js';
import type { LoraObject } from '../wire.js';
import { indexAddresses } from './addresses.js';
import { classCatalogue } from './classes.js';
import { translateEngagements } from './engagements.js';
import { translateJobFunctions } from './job-functions.js';
import { translateManagers } from './managers.js';
import { translatePersons } from './persons.js';
import type { Day } from './time.js';
import { translateUnits } from './units.js';

/** LoRa's objects by kind; the organisationfunktion objects split by funktionsnavn. */
export interface LoraData {
  facets: readonly LoraObject[];
  classes: readonly LoraObject[];
  units: readonly LoraObject[];
  persons: readonly LoraObject[];
  engagements: readonly LoraObject[];
  addresses: readonly LoraObject[];
  managers: readonly LoraObject[];
}

export interface TranslatePlan {
  /** YYYY-MM-DD in Copenhagen. */
  today: Day;
  rootUnit: string;
  engagementTypes: readonly string[];
  withHistory: boolean;
}

/** The snapshot, with the units' DAR addresses not yet resolved (`name: null, resolve: {}`; see dar.ts). */
export function translateSnapshot(data: LoraData, plan: TranslatePlan): Snapshot {
  const { today } = plan;
  const classes = classCatalogue(data.classes, data.facets, today);
  const addresses = indexAddresses(data.addresses, classes, today);
  return {
    units: translateUnits(data.units, { today, rootUnit: plan.rootUnit, classes, addresses }),
    persons: translatePersons(data.persons, addresses, today),
    engagements: translateEngagements(data.engagements, { today, engagementTypes: plan.engagementTypes, withHistory: plan.withHistory, classes }),
    managers: translateManagers(data.managers, classes, today),
    jobFunctions: translateJobFunctions(classes, today),
  };
}
