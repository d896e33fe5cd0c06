/**
 * The schema's custom scalars with MO's behaviour. buildSchema leaves them
 * as pass-through scalars; these replace their parsing and serialising.
 */
import { GraphQLError, isScalarType, valueFromASTUntyped, type GraphQLSchema } from 'graphql';
import { decodeCursor, encodeCursor, type CursorValue } from './cursor.js';
import { instantText, parseDateTime } from './time.js';

interface ScalarBehaviour {
  /** An input value (JSON variable, or literal as plain JSON) to the resolvers' form. */
  parse(value: unknown): unknown;
  /** A resolver's value to JSON. */
  serialize(value: unknown): unknown;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalid = (scalar: string, value: unknown, expected: string): GraphQLError =>
  new GraphQLError(`${scalar} cannot represent ${JSON.stringify(value)}: expected ${expected}`);

function requireString(scalar: string, expected: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(scalar, value, expected);
  return value;
}

function isCursorValue(value: unknown): value is CursorValue {
  return typeof value === 'object' && value !== null && 'last' in value && typeof value.last === 'string';
}

const behaviours: Record<string, ScalarBehaviour> = {
  /** Parsed to lower case, as MO answers UUIDs. */
  UUID: {
    parse(value) {
      const text = requireString('UUID', 'a UUID', value);
      if (!uuidPattern.test(text)) throw invalid('UUID', value, 'a UUID');
      return text.toLowerCase();
    },
    serialize: (value) => requireString('UUID', 'a UUID', value),
  },
  /** Parsed to an Instant; served from the texts the resolvers build (validity bounds), or from an Instant. */
  DateTime: {
    parse(value) {
      const instant = parseDateTime(requireString('DateTime', 'YYYY-MM-DD or an ISO 8601 timestamp', value));
      if (instant === undefined) throw invalid('DateTime', value, 'YYYY-MM-DD or an ISO 8601 timestamp');
      return instant;
    },
    serialize: (value) => (typeof value === 'number' ? instantText(value) : requireString('DateTime', 'a DateTime', value)),
  },
  CPR: {
    parse(value) {
      const text = requireString('CPR', 'a CPR number', value);
      if (!/^\d{9,10}$/.test(text)) throw invalid('CPR', '(hidden)', '9 or 10 digits');
      return text;
    },
    serialize: (value) => requireString('CPR', 'a CPR number', value),
  },
  Cursor: {
    parse: (value) => decodeCursor(requireString('Cursor', 'a cursor', value)),
    serialize(value) {
      if (!isCursorValue(value)) throw invalid('Cursor', value, 'a cursor');
      return encodeCursor(value);
    },
  },
  int: {
    parse(value) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid('int', value, 'an integer');
      return value;
    },
    serialize: (value) => value,
  },
};

export function installScalars(schema: GraphQLSchema): void {
  for (const [name, behaviour] of Object.entries(behaviours)) {
    const type = schema.getType(name);
    if (!isScalarType(type)) continue;
    type.parseValue = behaviour.parse;
    type.parseLiteral = (node, variables) => behaviour.parse(valueFromASTUntyped(node, variables));
    type.serialize = behaviour.serialize;
  }
}
