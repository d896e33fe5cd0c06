/**
 * The values flowing between the simulator's resolvers:
 * - a `Ref` ({ uuid, moment }) is a `...Response`: an object by uuid, which
 *   need not exist (MO answers the uuid of a dangling reference, with no
 *   versions);
 * - an `At<V>` is one version of an object;
 * - `moment` is the query's "now" (with offset pagination, the walk's: see
 *   cursor.ts), the default for every time argument below it.
 */
import type { Validity } from '../dataset/format.js';
import type { PaginationMode } from './cursor.js';
import type { Version } from './store.js';
import type { Instant } from './time.js';

export interface RequestContext {
  /** The server clock when the request arrived. */
  now: Instant;
  /** How the top-level collections page (cursor.ts); keyset when absent. */
  pagination?: PaginationMode;
}

export interface Ref {
  uuid: string;
  moment: Instant;
}

export interface At<V extends Validity> {
  owner: string;
  version: Version<V>;
  moment: Instant;
}

export type Args = Readonly<Record<string, unknown>>;
export type FieldResolver<S> = (source: S, args: Args, context: RequestContext) => unknown;
export type TypeResolvers<S> = Readonly<Record<string, FieldResolver<S>>>;

/** An argument as graphql-js coerced it to the schema's type (the scalars' parse results); undefined when omitted. */
export function arg<T>(args: Args, name: string): T | undefined {
  return args[name] as T | undefined;
}

export const refTo = (uuid: string, moment: Instant): Ref => ({ uuid, moment });
export const optionalRef = (uuid: string | null, moment: Instant): Ref | null => (uuid === null ? null : refTo(uuid, moment));
