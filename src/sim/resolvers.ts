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
import { arg, optionalRef, refTo, type At, type FieldResolver, type Ref, type RequestContext, type TypeResolvers } from './values.js';
import { darAddressText, darLookups, darRegister, darUnknownName, type DarFailures, type DarLookup } from './dar.js';
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
  (['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] as const).map((n) => [`extension_${n}`, (data: EngagementVersion) => data.extensions?.[n] ?? null]),
);

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

type ResolvedAddress = { kind: 'DARAddress' | 'DefaultAddress'; value: string };

/**
 * As MO (mora/graphapi/collections/address.py): an address of scope DAR
 * always resolves to a DARAddress, whose fields MO fills from its DAR lookup
 * when they are asked for; its text (`name`) is DAR's too, `Ukendt` when DAR
 * gave no answer (mora/service/address_handler/dar.py), and a lookup that
 * raised (a time-out) makes it raise. Other addresses: MO's text, else the value.
 */
function addressResolvers(store: Store, darOf: (context: RequestContext) => DarLookup): TypeResolvers<At<AddressVersion>> {
  const isDar = (data: AddressVersion): boolean => store.classes.byUuid.get(data.address_type)?.scope === 'DAR';
  return {
    ...versionFields<AddressVersion>({
      value: (data) => data.value,
      resolve: (data): ResolvedAddress => ({ kind: isDar(data) ? 'DARAddress' : 'DefaultAddress', value: data.value }),
      address_type_response: (data, moment) => refTo(data.address_type, moment),
      visibility_response: (data, moment) => optionalRef(data.visibility, moment),
      person_response: (data, moment) => optionalRef(data.person ?? null, moment),
      org_unit_response: (data, moment) => optionalRef(data.unit ?? null, moment),
    }),
    name: (at, _args, context) => {
      const data = at.version.data;
      if (!isDar(data)) return data.name ?? data.value;
      return darOf(context)(data.value).then((dar) => (dar ? darAddressText(dar) : darUnknownName));
    },
  };
}

/** A DARAddress's structured fields: from MO's DAR lookup; without an answer every one raises, as MO's do. */
function darAddressResolvers(darOf: (context: RequestContext) => DarLookup): TypeResolvers<ResolvedAddress> {
  const field =
    (name: keyof DarFields): FieldResolver<ResolvedAddress> =>
    (address, _args, context) =>
      darOf(context)(address.value).then((dar) => {
        if (!dar) throw new GraphQLError(`the MO simulator: DAR has no answer for ${address.value}`);
        return dar[name];
      });
  const fields = ['road_name', 'house_number', 'floor', 'door', 'zip_code', 'zip_code_name'] as const;
  return { value: (address) => address.value, ...Object.fromEntries(fields.map((name) => [name, field(name)])) };
}

/** MO's health checks (mora/graphapi/health.py): `dar` is whether MO reaches DAR; the others always pass here. */
function healthsResolver(darFailures: DarFailures): FieldResolver<unknown> {
  const statuses: Record<string, boolean> = { amqp: true, dar: !darFailures.down, dataset: true };
  return (_source, args) => {
    const identifiers = arg<{ identifiers?: string[] | null } | null>(args, 'filter')?.identifiers ?? null;
    const objects = Object.entries(statuses)
      .filter(([identifier]) => identifiers === null || identifiers.includes(identifier))
      .map(([identifier, status]) => ({ identifier, status }));
    return { objects };
  };
}

function classResponse(store: Store): TypeResolvers<Ref> {
  return {
    uuid: (ref) => ref.uuid,
    current: (ref) => store.classes.byUuid.get(ref.uuid) ?? null,
    validities(ref, args) {
      // A class is valid always, so it is in every window but an empty one.
      const window = windowOf(arg(args, 'start'), arg(args, 'end'), ref.moment, ['start', 'end']);
      const cls = store.classes.byUuid.get(ref.uuid);
      return cls && window.start < window.end ? [cls] : [];
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
function attachAll(schema: GraphQLSchema, store: Store, options: SimulatorSchemaOptions): void {
  const addresses = addressesOf(store);
  const darOf = darLookups(darRegister(store), options.darFailures);
  attach(schema, 'Query', { ...queryResolvers(store), healths: healthsResolver(options.darFailures ?? {}) });
  attach<{ identifier: string; status: boolean }>(schema, 'Health', { identifier: (health) => health.identifier, status: (health) => health.status });
  attach(schema, 'DARAddress', darAddressResolvers(darOf));
  attach(schema, 'OrganisationUnitResponse', temporalResponse(store.units));
  attach(schema, 'EmployeeResponse', temporalResponse(store.persons));
  attach(schema, 'EngagementResponse', temporalResponse(store.engagements));
  attach(schema, 'ManagerResponse', temporalResponse(store.managers));
  attach(schema, 'AddressResponse', temporalResponse(store.addresses));
  attach(schema, 'ClassResponse', classResponse(store));
  attach(schema, 'Class', classFields);
  attach(schema, 'Address', addressResolvers(store, darOf));
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

export interface SimulatorSchemaOptions {
  /** How DAR fails while MO answers (dar.ts); default: DAR answers every address the dataset gives `dar` fields. */
  darFailures?: DarFailures;
}

/** The executable schema: the SDL (graphql/schema.graphql) with MO's scalars and the dataset's resolvers. */
export function buildSimulatorSchema(sdl: string, store: Store, options: SimulatorSchemaOptions = {}): GraphQLSchema {
  const schema = buildSchema(sdl);
  installScalars(schema);
  attachAll(schema, store, options);
  return schema;
}
