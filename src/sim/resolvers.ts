/**
 * MO's GraphQL semantics on top of the indexed dataset: the schema of
 * graphql/schema.graphql with resolvers attached (values.ts describes what
 * flows between them).
 */
import { GraphQLError, buildSchema, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import type { AddressVersion, Class, DarFields, EngagementVersion, ManagerVersion, PersonVersion, UnitVersion, Validity } from '../dataset/format.js';
import { compareCodePoints } from '../util/order.js';
import { classMatcher, filterWindow, type BoundAddressFilter } from './filters.js';
import { queryResolvers } from './queries.js';
import { installScalars } from './scalars.js';
import type { Collection, Store, Version } from './store.js';
import type { Instant } from './time.js';
import { arg, optionalRef, refTo, type At, type FieldResolver, type Ref, type TypeResolvers } from './values.js';
import { existsIn, versionAt, versionsIn, windowOf } from './window.js';

/** The `...Response` of a temporal kind: uuid, current(at), validities(start, end). */
function temporalResponse<V extends Validity>(collection: Collection<V>): TypeResolvers<Ref> {
  const at = (ref: Ref, version: Version<V>): At<V> => ({ owner: ref.uuid, version, moment: ref.moment });
  return {
    uuid: (ref) => ref.uuid,
    current(ref, args) {
      const entity = collection.byUuid.get(ref.uuid);
      const version = entity && versionAt(entity, arg<Instant | null>(args, 'at') ?? ref.moment);
      return version ? at(ref, version) : null;
    },
    validities(ref, args) {
      const window = windowOf(arg(args, 'start'), arg(args, 'end'), ref.moment, ['start', 'end']);
      const entity = collection.byUuid.get(ref.uuid);
      return entity ? versionsIn(entity, window).map((version) => at(ref, version)) : [];
    },
  };
}

/** Fields of a version computed from its data (and the moment for nested references), plus `validity`. */
function versionFields<V extends Validity>(fields: Record<string, (data: V, moment: Instant) => unknown>): TypeResolvers<At<V>> {
  const resolvers: Record<string, FieldResolver<At<V>>> = { validity: (at) => at.version.validity };
  for (const [name, field] of Object.entries(fields)) {
    resolvers[name] = (at) => field(at.version.data, at.moment);
  }
  return resolvers;
}

const extensionFields = Object.fromEntries(
  (['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] as const).map((n) => [
    `extension_${n}`,
    (data: EngagementVersion) => data.extensions?.[n] ?? null,
  ]),
);

/** MO's text for a DAR address: "Søndersøvej 2, 1. th, 8800 Viborg" ("Vej 2, th, ..." without a floor). */
function darAddressText(dar: DarFields): string {
  const floorAndDoor = [dar.floor === null ? null : `${dar.floor}.`, dar.door].filter((part) => part !== null).join(' ');
  return [`${dar.road_name} ${dar.house_number}`, floorAndDoor, `${dar.zip_code} ${dar.zip_code_name}`]
    .filter((part) => part !== '')
    .join(', ');
}

/** Whether `primary` (a primary_type class) makes an engagement primary: an integer scope of at least 3000. */
function isPrimaryClass(primary: Class | undefined): boolean {
  const scope = primary?.scope ?? '';
  return /^-?\d+$/.test(scope) && Number(scope) >= 3000;
}

/** `addresses_response(filter)` of a person or unit version: the owner's addresses (by uuid, not by version) of the filter's types in its window. */
const addressesOf =
  (store: Store): FieldResolver<At<UnitVersion> | At<PersonVersion>> =>
  (at, args) => {
    const filter = arg<BoundAddressFilter | null>(args, 'filter');
    const window = filterWindow(filter, at.moment);
    const typeMatches = classMatcher(filter?.address_type, store.classes.byUuid);
    const addresses = (store.addressesByOwner.get(at.owner) ?? []).filter(
      (address) => existsIn(address, window) && address.versions.some(({ data }) => typeMatches(data.address_type)),
    );
    return { objects: addresses.map((address) => refTo(address.uuid, at.moment)) };
  };

type ResolvedAddress = ({ kind: 'DARAddress'; value: string } & DarFields) | { kind: 'DefaultAddress'; value: string };

function addressResolvers(store: Store): TypeResolvers<At<AddressVersion>> {
  const darFieldsOf = (data: AddressVersion): DarFields | undefined =>
    store.classes.byUuid.get(data.address_type)?.scope === 'DAR' ? data.dar : undefined;
  const resolved = (data: AddressVersion): ResolvedAddress => {
    const dar = darFieldsOf(data);
    return dar ? { kind: 'DARAddress', value: data.value, ...dar } : { kind: 'DefaultAddress', value: data.value };
  };
  return versionFields<AddressVersion>({
    value: (data) => data.value,
    name(data) {
      const dar = darFieldsOf(data);
      return data.name ?? (dar ? darAddressText(dar) : data.value);
    },
    resolve: resolved,
    address_type_response: (data, moment) => refTo(data.address_type, moment),
    visibility_response: (data, moment) => optionalRef(data.visibility, moment),
    person_response: (data, moment) => optionalRef(data.person ?? null, moment),
    org_unit_response: (data, moment) => optionalRef(data.unit ?? null, moment),
  });
}

function classResponse(store: Store): TypeResolvers<Ref> {
  return {
    uuid: (ref) => ref.uuid,
    current: (ref) => store.classes.byUuid.get(ref.uuid) ?? null,
    validities(ref, args) {
      windowOf(arg(args, 'start'), arg(args, 'end'), ref.moment, ['start', 'end']);
      const cls = store.classes.byUuid.get(ref.uuid);
      return cls ? [cls] : [];
    },
  };
}

const classFields: TypeResolvers<Class> = {
  user_key: (cls) => cls.user_key,
  name: (cls) => cls.name,
  scope: (cls) => cls.scope,
  validity: () => ({ from: null, to: null }),
};

/** Resolvers by type. Every field of these types the schema has must be here (see `attach`). */
function attachAll(schema: GraphQLSchema, store: Store): void {
  const addresses = addressesOf(store);
  attach(schema, 'Query', queryResolvers(store));
  attach(schema, 'OrganisationUnitResponse', temporalResponse(store.units));
  attach(schema, 'EmployeeResponse', temporalResponse(store.persons));
  attach(schema, 'EngagementResponse', temporalResponse(store.engagements));
  attach(schema, 'ManagerResponse', temporalResponse(store.managers));
  attach(schema, 'AddressResponse', temporalResponse(store.addresses));
  attach(schema, 'ClassResponse', classResponse(store));
  attach(schema, 'Class', classFields);
  attach(schema, 'Address', addressResolvers(store));
  attach(schema, 'OrganisationUnit', {
    ...versionFields<UnitVersion>({
      name: (data) => data.name,
      user_key: (data) => data.user_key,
      parent_response: (data, moment) => optionalRef(data.parent, moment),
      unit_level_response: (data, moment) => optionalRef(data.level, moment),
    }),
    addresses_response: addresses,
  });
  attach(schema, 'Employee', {
    ...versionFields<PersonVersion>({
      cpr_number: (data) => data.cpr,
      name: (data) => [data.given_name, data.surname].filter((part) => part !== '').join(' '),
      given_name: (data) => data.given_name,
      surname: (data) => data.surname,
    }),
    addresses_response: addresses,
  });
  attach(
    schema,
    'Engagement',
    versionFields<EngagementVersion>({
      ...extensionFields,
      user_key: (data) => data.user_key,
      is_primary: (data) => isPrimaryClass(data.primary === null ? undefined : store.classes.byUuid.get(data.primary)),
      job_function_response: (data, moment) => refTo(data.job_function, moment),
      engagement_type_response: (data, moment) => refTo(data.engagement_type, moment),
      primary_response: (data, moment) => optionalRef(data.primary, moment),
      org_unit_response: (data, moment) => refTo(data.unit, moment),
      person_response: (data, moment) => refTo(data.person, moment),
    }),
  );
  attach(
    schema,
    'Manager',
    versionFields<ManagerVersion>({
      person_response: (data, moment) => optionalRef(data.person, moment),
      org_unit_response: (data, moment) => refTo(data.unit, moment),
      responsibilities_response: (data, moment) => ({
        objects: [...data.responsibilities].sort(compareCodePoints).map((uuid) => refTo(uuid, moment)),
        page_info: { next_cursor: null },
      }),
      manager_type_response: (data, moment) => optionalRef(data.manager_type, moment),
      manager_level_response: (data, moment) => optionalRef(data.manager_level, moment),
    }),
  );
  const resolvedAddress = schema.getType('ResolvedAddress');
  if (isInterfaceType(resolvedAddress)) resolvedAddress.resolveType = (value: ResolvedAddress) => value.kind;
}

/**
 * Sets the resolvers of one type. A field the schema has but the simulator
 * does not implement answers an error naming it, rather than a silent null,
 * so that a document growing a field shows up here first.
 */
function attach<S>(schema: GraphQLSchema, typeName: string, resolvers: TypeResolvers<S>): void {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return;
  for (const [name, field] of Object.entries(type.getFields())) {
    field.resolve = Object.hasOwn(resolvers, name) ? resolvers[name] : notImplemented(`${typeName}.${name}`);
  }
}

const notImplemented =
  (field: string): FieldResolver<unknown> =>
  () => {
    throw new GraphQLError(`the MO simulator does not implement ${field}`);
  };

/** The executable schema: the SDL (graphql/schema.graphql) with MO's scalars and the dataset's resolvers. */
export function buildSimulatorSchema(sdl: string, store: Store): GraphQLSchema {
  const schema = buildSchema(sdl);
  installScalars(schema);
  attachAll(schema, store);
  return schema;
}
