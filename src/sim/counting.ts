/**
 * What the simulator resolves, by GraphQL type: each field that answers an
 * object (or a list of them) adds them to its type's count, so a request's
 * count is the objects MO would have resolved for it (every version, every
 * reference, every validity), not merely the top-level ones.
 */
import { defaultFieldResolver, getNamedType, isCompositeType, isObjectType, type GraphQLSchema } from 'graphql';

/** Objects resolved so far, by type name (GraphQL types; LoRa's as `lora:<path>`). */
export type ObjectCounts = Record<string, number>;

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

function objectsIn(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Array.isArray(value) ? value.filter((item) => item !== null && item !== undefined).length : 1;
}

/** Wraps every field of the schema that answers objects so that they are counted into `counts[type]` (read live). */
export function countResolvedObjects(schema: GraphQLSchema, counts: () => ObjectCounts): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const tally = (value: unknown): unknown => {
        const n = objectsIn(value);
        if (n > 0) {
          const into = counts();
          into[named.name] = (into[named.name] ?? 0) + n;
        }
        return value;
      };
      field.resolve = (source, args, context, info) => {
        const value: unknown = resolve(source, args, context, info);
        return isPromise(value) ? value.then(tally) : tally(value);
      };
    }
  }
}
