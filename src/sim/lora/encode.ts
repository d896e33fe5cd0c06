/**
 * The dataset as MO writes it into LoRa: for each kind of object, its
 * lists and the values each version puts into them (data tables; the
 * timeline rules are in timeline.ts).
 */
import type { AddressVersion, Class, EngagementVersion, ExtensionNumber, Facet, ManagerVersion, PersonVersion, UnitVersion } from '../../dataset/format.js';
import type { Element, Lists, Value } from './elements.js';
import { fieldElements, stateElements, type Source, type StateValues } from './timeline.js';

export interface FieldSpec<T> {
  group: 'attributter' | 'relationer';
  name: string;
  /** A version's values in this list; `uuid` is the object's. */
  values: (data: T, uuid: string) => readonly Value[];
}

export interface StateSpec {
  /** The state list, e.g. "organisationenhedgyldighed". */
  list: string;
  /** The value's field, also the search parameter: "gyldighed" or "publiceret". */
  field: string;
  active: string;
  inactive: string;
}

export interface KindSpec<T> {
  /** The attribute list that holds brugervendtnoegle (the one LoRa's search reads). */
  properties: FieldSpec<T>;
  state: StateSpec;
  /** Properties every object of the kind has, e.g. { funktionsnavn: "Engagement" }. */
  constants: Value;
  /** The other lists, in LoRa's order. */
  fields: readonly FieldSpec<T>[];
}

export interface EncodeContext {
  organisation: string;
  classes: ReadonlyMap<string, Class>;
  /** Facet uuid by user_key (a class names its facet by user_key). */
  facets: ReadonlyMap<string, string>;
}

/** The organisation object: MO's root, valid always. */
export interface OrganisationData {
  name: string;
}

const one = (value: Value | null): Value[] => (value === null ? [] : [value]);

const ref = (uuid: string | null | undefined, objekttype?: string): Value[] => {
  if (uuid == null) return [];
  return [objekttype === undefined ? { uuid } : { uuid, objekttype }];
};

const attribute = <T>(name: string, value: (data: T, uuid: string) => Value | null): FieldSpec<T> => ({
  group: 'attributter',
  name,
  values: (data, uuid) => one(value(data, uuid)),
});

const relation = <T>(name: string, values: (data: T, uuid: string) => readonly Value[]): FieldSpec<T> => ({
  group: 'relationer',
  name,
  values,
});

const gyldighed = (list: string): StateSpec => ({ list, field: 'gyldighed', active: 'Aktiv', inactive: 'Inaktiv' });
const publiceret = (list: string): StateSpec => ({ list, field: 'publiceret', active: 'Publiceret', inactive: 'IkkePubliceret' });

const stateValues = ({ field, active, inactive }: StateSpec): StateValues => ({
  active: { [field]: active },
  inactive: { [field]: inactive },
});

/** MO's URN for an address value, by the address type's scope; anything not listed is text. */
const urnPrefixes = new Map([
  ['EMAIL', 'urn:mailto:'],
  ['PHONE', 'urn:magenta.dk:telefon:'],
  ['DAR', 'urn:dar:'],
  ['EAN', 'urn:magenta.dk:ean:'],
  ['PNUMBER', 'urn:dk:cvr:produktionsenhed:'],
  ['WWW', 'urn:magenta.dk:www:'],
]);

export function addressUrn(scope: string, value: string): string {
  const prefix = urnPrefixes.get(scope);
  return prefix === undefined ? `urn:text:${encodeURIComponent(value)}` : `${prefix}${value}`;
}

const extensionNumbers: readonly ExtensionNumber[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** MO's extension_n as LoRa's udvidelse_n, only those set; null when none is. */
function udvidelser(data: EngagementVersion): Value | null {
  const entries = extensionNumbers.flatMap((n) => {
    const value = data.extensions?.[`${n}`];
    return value === undefined ? [] : [[`udvidelse_${n}`, value] as const];
  });
  return entries.length === 0 ? null : Object.fromEntries(entries);
}

/** Engagements, addresses and managers are all LoRa organisationfunktion objects, told apart by funktionsnavn. */
const functionKind = <T>(funktionsnavn: string, userKey: (data: T, uuid: string) => string, fields: readonly FieldSpec<T>[]): KindSpec<T> => ({
  properties: attribute('organisationfunktionegenskaber', (data: T, uuid) => ({ brugervendtnoegle: userKey(data, uuid), funktionsnavn })),
  state: gyldighed('organisationfunktiongyldighed'),
  constants: { funktionsnavn },
  fields,
});

export interface KindSpecs {
  facet: KindSpec<Facet>;
  klasse: KindSpec<Class>;
  organisation: KindSpec<OrganisationData>;
  organisationenhed: KindSpec<UnitVersion>;
  bruger: KindSpec<PersonVersion>;
  engagement: KindSpec<EngagementVersion>;
  adresse: KindSpec<AddressVersion>;
  leder: KindSpec<ManagerVersion>;
}

export function kindSpecs(context: EncodeContext): KindSpecs {
  const { organisation } = context;
  const owner = () => ref(organisation, 'organisation');
  const belongs = () => ref(organisation);
  const scopeOf = (uuid: string): string => context.classes.get(uuid)?.scope ?? 'TEXT';
  return {
    facet: {
      properties: attribute('facetegenskaber', (facet) => ({ brugervendtnoegle: facet.user_key })),
      state: publiceret('facetpubliceret'),
      constants: {},
      fields: [relation('ansvarlig', owner)],
    },
    klasse: {
      properties: attribute('klasseegenskaber', (cls) => ({
        brugervendtnoegle: cls.user_key,
        titel: cls.name,
        ...(cls.scope === null ? {} : { omfang: cls.scope }),
      })),
      state: publiceret('klassepubliceret'),
      constants: {},
      fields: [relation('ansvarlig', owner), relation('facet', (cls) => ref(context.facets.get(cls.facet), 'facet'))],
    },
    organisation: {
      properties: attribute('organisationegenskaber', (org) => ({ brugervendtnoegle: org.name, organisationsnavn: org.name })),
      state: gyldighed('organisationgyldighed'),
      constants: {},
      fields: [],
    },
    organisationenhed: {
      properties: attribute('organisationenhedegenskaber', (unit) => ({ brugervendtnoegle: unit.user_key, enhedsnavn: unit.name })),
      state: gyldighed('organisationenhedgyldighed'),
      constants: {},
      fields: [
        relation('overordnet', (unit) => ref(unit.parent ?? organisation)),
        relation('tilhoerer', belongs),
        relation('niveau', (unit) => ref(unit.level)),
      ],
    },
    // MO's default user_key for a person is its uuid.
    bruger: {
      properties: attribute('brugeregenskaber', (_person, uuid) => ({ brugervendtnoegle: uuid })),
      state: gyldighed('brugergyldighed'),
      constants: {},
      fields: [
        attribute('brugerudvidelser', (person) => ({ fornavn: person.given_name, efternavn: person.surname })),
        relation('tilhoerer', belongs),
        relation('tilknyttedepersoner', (person) => (person.cpr === null ? [] : [{ urn: `urn:dk:cpr:person:${person.cpr}` }])),
      ],
    },
    engagement: functionKind('Engagement', (engagement) => engagement.user_key, [
      attribute('organisationfunktionudvidelser', udvidelser),
      relation('organisatoriskfunktionstype', (engagement) => ref(engagement.engagement_type)),
      relation('opgaver', (engagement) => ref(engagement.job_function)),
      relation('tilknyttedebrugere', (engagement) => ref(engagement.person)),
      relation('tilknyttedeenheder', (engagement) => ref(engagement.unit)),
      relation('tilknyttedeorganisationer', belongs),
      relation('primær', (engagement) => ref(engagement.primary)),
    ]),
    // Addresses and managers have no user_key in the dataset: MO's default is the object's uuid.
    adresse: functionKind('Adresse', (_address, uuid) => uuid, [
      relation('tilknyttedebrugere', (address) => ref(address.person)),
      relation('tilknyttedeenheder', (address) => ref(address.unit)),
      relation('organisatoriskfunktionstype', (address) => ref(address.address_type)),
      relation('adresser', (address) => {
        const scope = scopeOf(address.address_type);
        return [{ urn: addressUrn(scope, address.value), objekttype: scope }];
      }),
      relation('opgaver', (address) => ref(address.visibility, 'synlighed')),
      relation('tilknyttedeorganisationer', belongs),
    ]),
    leder: functionKind('Leder', (_manager, uuid) => uuid, [
      relation('organisatoriskfunktionstype', (manager) => ref(manager.manager_type)),
      relation('opgaver', (manager) => [...manager.responsibilities.flatMap((uuid) => ref(uuid, 'lederansvar')), ...ref(manager.manager_level, 'lederniveau')]),
      relation('tilknyttedebrugere', (manager) => ref(manager.person)),
      relation('tilknyttedeenheder', (manager) => ref(manager.unit)),
      relation('tilknyttedeorganisationer', belongs),
    ]),
  };
}

const elementsOf = <T>(field: FieldSpec<T>, source: Source<T>): Element[] => fieldElements(source.versions, (data) => field.values(data, source.uuid));

/** The properties list alone: what LoRa's search reads. */
export const propertyElements = <T>(spec: KindSpec<T>, source: Source<T>): Element[] => elementsOf(spec.properties, source);

export const stateElementsOf = <T>(spec: KindSpec<T>, source: Source<T>): Element[] => stateElements(source.versions, stateValues(spec.state));

/** All of an object's lists. */
export function encode<T>(spec: KindSpec<T>, source: Source<T>): Lists {
  const lists: Lists = { attributter: {}, tilstande: {}, relationer: {} };
  for (const field of [spec.properties, ...spec.fields]) {
    const elements = elementsOf(field, source);
    if (elements.length > 0) lists[field.group][field.name] = elements;
  }
  lists.tilstande[spec.state.list] = stateElementsOf(spec, source);
  return lists;
}
