import {
  Kind,
  TypeInfo,
  buildASTSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  parse,
  print,
  visit,
  visitWithTypeInfo,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  type NamedTypeNode,
  type TypeNode,
} from 'graphql';
import { compareCodePoints } from '../util/order.js';

/** What the query documents touch: types, and per type the fields and arguments used. */
interface Usage {
  types: Set<string>;
  /** "Type.field" */
  fields: Set<string>;
  /** "Type.field(arg)" */
  args: Set<string>;
}

/**
 * Reduces a full schema (MO's published SDL) to what the documents reach:
 * only the types, fields, arguments and input fields they use, plus whatever
 * the result needs to stay a valid schema (required arguments and input
 * fields, interface fields and implementations). Descriptions are dropped;
 * directives such as @deprecated are kept.
 */
export function pruneSchema(fullSdl: string, documents: readonly DocumentNode[]): string {
  const full = parse(fullSdl, { noLocation: true });
  const schema = buildASTSchema(full, { assumeValidSDL: true });
  const usage = collectUsage(schema, documents);
  closeOverTypes(schema, usage);
  const definitions = full.definitions
    .filter(isKeptDefinition(usage))
    .map((definition) => pruneDefinition(definition, usage))
    .sort((a, b) => compareCodePoints(definitionName(a), definitionName(b)));
  const pruned: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  return print(withoutDescriptions(pruned)) + '\n';
}

function collectUsage(schema: GraphQLSchema, documents: readonly DocumentNode[]): Usage {
  const usage: Usage = { types: new Set(), fields: new Set(), args: new Set() };
  const useType = (type: GraphQLNamedType | null | undefined): void => {
    if (type) usage.types.add(type.name);
  };
  const queryType = schema.getQueryType();
  useType(queryType);
  for (const document of documents) {
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (!parent || node.name.value.startsWith('__')) return;
          usage.fields.add(`${parent.name}.${node.name.value}`);
          useType(getNamedType(typeInfo.getType()));
          for (const arg of node.arguments ?? []) {
            usage.args.add(`${parent.name}.${node.name.value}(${arg.name.value})`);
          }
        },
        Argument() {
          useType(getNamedType(typeInfo.getInputType()));
        },
        ObjectField(node) {
          const parent = getNamedType(typeInfo.getParentInputType());
          if (parent) usage.fields.add(`${parent.name}.${node.name.value}`);
          useType(getNamedType(typeInfo.getInputType()));
        },
        VariableDefinition(node) {
          useType(schema.getType(namedTypeOf(node.type)));
        },
        InlineFragment(node) {
          if (node.typeCondition) useType(schema.getType(node.typeCondition.name.value));
        },
      }),
    );
  }
  return usage;
}

function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

/** Adds what a valid schema needs on top of direct use, until nothing changes. */
function closeOverTypes(schema: GraphQLSchema, usage: Usage): void {
  let size = -1;
  while (size !== usage.types.size + usage.fields.size) {
    size = usage.types.size + usage.fields.size;
    for (const name of [...usage.types]) {
      const type = schema.getType(name);
      if (isInterfaceType(type)) {
        // An interface keeps its whole contract, and so does every implementation of it.
        for (const field of Object.keys(type.getFields())) usage.fields.add(`${name}.${field}`);
        for (const impl of schema.getPossibleTypes(type)) {
          usage.types.add(impl.name);
          for (const field of Object.keys(type.getFields())) usage.fields.add(`${impl.name}.${field}`);
        }
      }
      if (isObjectType(type)) {
        for (const iface of type.getInterfaces()) {
          if (!usage.types.has(iface.name)) continue;
          for (const field of Object.keys(iface.getFields())) usage.fields.add(`${type.name}.${field}`);
        }
      }
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!usage.fields.has(`${name}.${field.name}`)) continue;
          usage.types.add(getNamedType(field.type).name);
          for (const arg of field.args) {
            const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
            if (required) usage.args.add(`${name}.${field.name}(${arg.name})`);
            if (required || usage.args.has(`${name}.${field.name}(${arg.name})`)) {
              usage.types.add(getNamedType(arg.type).name);
            }
          }
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          const required = isNonNullType(field.type) && field.defaultValue === undefined;
          if (required) usage.fields.add(`${name}.${field.name}`);
          if (usage.fields.has(`${name}.${field.name}`)) usage.types.add(getNamedType(field.type).name);
        }
      }
    }
  }
}

const builtInScalars = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

function isKeptDefinition(usage: Usage) {
  return (definition: DefinitionNode): boolean => {
    switch (definition.kind) {
      case Kind.SCHEMA_DEFINITION:
        return true;
      case Kind.DIRECTIVE_DEFINITION:
        return false;
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_DEFINITION:
        return usage.types.has(definition.name.value) && !builtInScalars.has(definition.name.value);
      default:
        return false;
    }
  };
}

function pruneDefinition(definition: DefinitionNode, usage: Usage): DefinitionNode {
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_DEFINITION: {
      const typeName = definition.name.value;
      const fields = (definition.fields ?? [])
        .filter((field) => usage.fields.has(`${typeName}.${field.name.value}`))
        .map((field) => pruneArguments(typeName, field, usage));
      const interfaces = (definition.interfaces ?? []).filter((i: NamedTypeNode) => usage.types.has(i.name.value));
      return { ...definition, fields, interfaces };
    }
    case Kind.INPUT_OBJECT_TYPE_DEFINITION: {
      const typeName = definition.name.value;
      const fields = (definition.fields ?? []).filter((field) => usage.fields.has(`${typeName}.${field.name.value}`));
      return { ...definition, fields };
    }
    case Kind.UNION_TYPE_DEFINITION: {
      const types = (definition.types ?? []).filter((t) => usage.types.has(t.name.value));
      return { ...definition, types };
    }
    default:
      return definition;
  }
}

function pruneArguments(typeName: string, field: FieldDefinitionNode, usage: Usage): FieldDefinitionNode {
  const args = (field.arguments ?? []).filter((arg: InputValueDefinitionNode) => usage.args.has(`${typeName}.${field.name.value}(${arg.name.value})`));
  return { ...field, arguments: args };
}

function definitionName(definition: DefinitionNode): string {
  return 'name' in definition && definition.name ? definition.name.value : '';
}

function withoutDescriptions(document: DocumentNode): DocumentNode {
  return visit(document, {
    enter(node) {
      if ('description' in node && node.description) return { ...node, description: undefined };
      return undefined;
    },
  });
}
