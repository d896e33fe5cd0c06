import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, type GraphQLArgument, type GraphQLNamedType } from 'graphql';
import { expect, it } from 'vitest';
import { graphqlDir, packageRoot } from '../../src/util/paths.js';
import { describeWithInput, fileInput } from '../support/required-input.js';

const moSchemaFile = join(packageRoot, '..', 'shared', 'mo', 'schema-v29.graphql');
const moSchema = fileInput("MO's published v29 schema", moSchemaFile, "run the tests from a checkout beside the workspace's shared folder");

/** Every difference between our type and MO's that would make ours not a subset. */
function differences(ours: GraphQLNamedType, theirs: GraphQLNamedType | undefined | null): string[] {
  const name = ours.name;
  if (!theirs) return [`${name}: not in MO's schema`];
  if (ours.constructor !== theirs.constructor) return [`${name}: a different kind of type in MO's schema`];
  const problems: string[] = [];
  const sameArgs = (where: string, mine: readonly GraphQLArgument[], others: readonly GraphQLArgument[]) => {
    for (const arg of mine) {
      const other = others.find((a) => a.name === arg.name);
      if (!other) problems.push(`${where}(${arg.name}): no such argument`);
      else if (String(arg.type) !== String(other.type)) problems.push(`${where}(${arg.name}): ${arg.type} vs ${other.type}`);
      else if (JSON.stringify(arg.defaultValue) !== JSON.stringify(other.defaultValue)) problems.push(`${where}(${arg.name}): default differs`);
    }
  };
  if ((isObjectType(ours) && isObjectType(theirs)) || (isInterfaceType(ours) && isInterfaceType(theirs))) {
    for (const field of Object.values(ours.getFields())) {
      const other = theirs.getFields()[field.name];
      if (!other) problems.push(`${name}.${field.name}: no such field`);
      else {
        if (String(field.type) !== String(other.type)) problems.push(`${name}.${field.name}: ${field.type} vs ${other.type}`);
        if (field.deprecationReason !== other.deprecationReason) problems.push(`${name}.${field.name}: deprecation differs`);
        sameArgs(`${name}.${field.name}`, field.args, other.args);
      }
    }
    const theirInterfaces = theirs.getInterfaces().map((i) => i.name);
    for (const iface of ours.getInterfaces()) if (!theirInterfaces.includes(iface.name)) problems.push(`${name}: does not implement ${iface.name}`);
  }
  if (isInputObjectType(ours) && isInputObjectType(theirs)) {
    for (const field of Object.values(ours.getFields())) {
      const other = theirs.getFields()[field.name];
      if (!other) problems.push(`${name}.${field.name}: no such input field`);
      else if (String(field.type) !== String(other.type)) problems.push(`${name}.${field.name}: ${field.type} vs ${other.type}`);
    }
  }
  if (isEnumType(ours) && isEnumType(theirs)) {
    const values = theirs.getValues().map((v) => v.name);
    for (const value of ours.getValues()) if (!values.includes(value.name)) problems.push(`${name}.${value.name}: no such enum value`);
  }
  if (isUnionType(ours) && isUnionType(theirs)) {
    const members = theirs.getTypes().map((t) => t.name);
    for (const member of ours.getTypes()) if (!members.includes(member.name)) problems.push(`${name}: ${member.name} is not a member`);
  }
  return problems;
}

describeWithInput(moSchema, "the project's schema against MO's v29", () => {
  it("is a strict subset: every type, field, argument and type reference is MO's", () => {
    const ours = buildSchema(readFileSync(join(graphqlDir, 'schema.graphql'), 'utf8'));
    const theirs = buildSchema(readFileSync(moSchemaFile, 'utf8'));
    const problems = Object.values(ours.getTypeMap())
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) => differences(type, theirs.getType(type.name)));
    expect(problems).toEqual([]);
    expect(Object.keys(ours.getTypeMap()).length).toBeLessThan(Object.keys(theirs.getTypeMap()).length);
  });

  it('finds a field MO does not have', () => {
    const ours = buildSchema('type Query { org_units: OrganisationUnitResponsePaged! }\ntype OrganisationUnitResponsePaged { invented: String }');
    const theirs = buildSchema(readFileSync(moSchemaFile, 'utf8'));
    const type = ours.getType('OrganisationUnitResponsePaged');
    expect(type && differences(type, theirs.getType('OrganisationUnitResponsePaged'))).toEqual(['OrganisationUnitResponsePaged.invented: no such field']);
  });
});
