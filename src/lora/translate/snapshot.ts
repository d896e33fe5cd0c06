/**
 * Everything LoRa gave, translated into the Snapshot MO's documents would
 * have answered: the classification first, then the other kinds object by
 * object, each reduced to what the snapshot needs as it arrives.
 */
import type { Snapshot } from '../../snapshot.js';
import type { LoraObject } from '../wire.js';
import { indexAddresses, routeAddress, type AddressContext, type OwnedAddress } from './addresses.js';
import { classCatalogue, type ClassCatalogue } from './classes.js';
import { translateEngagement, type EngagementContext } from './engagements.js';
import { translateJobFunctions } from './job-functions.js';
import { LatestByUuid } from './latest.js';
import { translateManager } from './managers.js';
import { readPerson, withAddresses, type PersonFacts } from './persons.js';
import { sharedValues } from './shared.js';
import type { EngagementObject, ManagerObject, PersonAddressVersion, UnitAddressVersion } from './shapes.js';
import type { Day } from './time.js';
import { timelineOf, type Timeline } from './timelines.js';
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

/** The kinds translated object by object, once the classification (facets and classes) is known. */
export const objectKinds = ['units', 'persons', 'engagements', 'addresses', 'managers'] as const;
export type ObjectKind = (typeof objectKinds)[number];

export interface TranslatePlan {
  /** YYYY-MM-DD in Copenhagen. */
  today: Day;
  rootUnit: string;
  engagementTypes: readonly string[];
  withHistory: boolean;
}

export interface SnapshotTranslation {
  /** Translates one object (in the order LoRa listed them); only what the snapshot needs of it is kept. */
  add(kind: ObjectKind, object: LoraObject): void;
  /** The snapshot of every object added; MO's answers for the units' DAR addresses are not LoRa's to give (empty; see src/dar/resolve.ts). */
  snapshot(): Snapshot;
}

/**
 * A translation taking objects of any kind in any interleaving. Engagements
 * and managers are translated at once; addresses and persons wait only to
 * be joined; units keep their timelines, since the root's subtree needs
 * them all.
 */
export function startTranslation(classes: ClassCatalogue, plan: TranslatePlan): SnapshotTranslation {
  const { today } = plan;
  const shared = sharedValues(classes);
  const engagementContext: EngagementContext = { today, allowed: new Set(plan.engagementTypes), withHistory: plan.withHistory, classes, shared };
  const addressContext: AddressContext = { today, classes, shared };
  const knownUnits = new Set<string>();
  const units = new LatestByUuid<Timeline>();
  const persons = new LatestByUuid<PersonFacts>();
  const engagements = new LatestByUuid<EngagementObject>();
  const managers = new LatestByUuid<ManagerObject>();
  const personAddresses = new LatestByUuid<OwnedAddress<PersonAddressVersion>>();
  const unitAddresses = new LatestByUuid<OwnedAddress<UnitAddressVersion>>();

  const readers: Record<ObjectKind, (object: LoraObject) => void> = {
    units: (unit) => {
      knownUnits.add(unit.id);
      units.set(unit.id, timelineOf(unit, today));
    },
    persons: (person) => persons.set(person.id, readPerson(person, today, shared)),
    engagements: (engagement) => engagements.set(engagement.id, translateEngagement(engagement, engagementContext)),
    addresses: (address) => {
      const { person, unit } = routeAddress(address, addressContext);
      personAddresses.set(address.id, person);
      unitAddresses.set(address.id, unit);
    },
    managers: (manager) => managers.set(manager.id, translateManager(manager, today, shared)),
  };

  return {
    add: (kind, object) => readers[kind](object),
    snapshot: () => {
      const addresses = indexAddresses(personAddresses.inUuidOrder(), unitAddresses.inUuidOrder());
      return {
        units: translateUnits(units.inUuidOrder(), { rootUnit: plan.rootUnit, known: knownUnits, shared, addresses }),
        persons: persons.inUuidOrder().map((person) => withAddresses(person, addresses)),
        engagements: engagements.inUuidOrder(),
        managers: managers.inUuidOrder(),
        jobFunctions: translateJobFunctions(classes, today),
        darAddresses: [],
        unresolvedDar: [],
      };
    },
  };
}

/** All of LoRa's objects at once: the same translation as page by page. */
export function translateSnapshot(data: LoraData, plan: TranslatePlan): Snapshot {
  const translation = startTranslation(classCatalogue(data.classes, data.facets, plan.today), plan);
  for (const kind of objectKinds) for (const object of data[kind]) translation.add(kind, object);
  return translation.snapshot();
}
