/**
 * Which Keycloak role each field needs, against MO's own table: the
 * simulator's rule (src/sim/roles.ts) for every field of
 * graphql/schema.graphql, and the client's (src/mo/roles.ts) for every
 * field our documents ask for.
 */
import { readFileSync } from 'node:fs';
import { TypeInfo, buildSchema, isObjectType, visit, visitWithTypeInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fieldNameAt, readRoleOf } from '../../src/mo/roles.js';
import { loadDocuments, schemaFile } from '../../src/schema/documents.js';
import { requiredRole } from '../../src/sim/roles.js';

/**
 * MO's RBAC_MAP (mora/graphapi/rbac_map.py, master of 2026-08-21) for the
 * types of our schema: every field not listed here is in its PUBLIC_FIELDS.
 */
const moRoles: Readonly<Record<string, string>> = {
  'Query.addresses': 'read_address',
  'Query.classes': 'read_class',
  'Query.persons': 'read_employee',
  'Query.engagements': 'read_engagement',
  'Query.managers': 'read_manager',
  'Query.org_units': 'read_org_unit',
  'Query.facets': 'read_facet',
  'Address.address_type_response': 'read_class',
  'Address.visibility_response': 'read_class',
  'Address.person_response': 'read_employee',
  'Address.org_unit_response': 'read_org_unit',
  'Address.engagement_response': 'read_engagement',
  'Class.facet_response': 'read_facet',
  'Class.parent_response': 'read_class',
  'Class.children_response': 'read_class',
  'Class.owner_response': 'read_org_unit',
  'Employee.addresses_response': 'read_address',
  'Employee.engagements_response': 'read_engagement',
  'Employee.manager_roles_response': 'read_manager',
  'Engagement.engagement_type_response': 'read_class',
  'Engagement.job_function_response': 'read_class',
  'Engagement.primary_response': 'read_class',
  'Engagement.person_response': 'read_employee',
  'Engagement.org_unit_response': 'read_org_unit',
  'Engagement.addresses_response': 'read_address',
  'Manager.responsibilities_response': 'read_class',
  'Manager.manager_type_response': 'read_class',
  'Manager.manager_level_response': 'read_class',
  'Manager.person_response': 'read_employee',
  'Manager.org_unit_response': 'read_org_unit',
  'Manager.engagement_response': 'read_engagement',
  'OrganisationUnit.unit_level_response': 'read_class',
  'OrganisationUnit.unit_type_response': 'read_class',
  'OrganisationUnit.addresses_response': 'read_address',
  'OrganisationUnit.parent_response': 'read_org_unit',
  'OrganisationUnit.children_response': 'read_org_unit',
  'OrganisationUnit.managers_response': 'read_manager',
  'OrganisationUnit.engagements_response': 'read_engagement',
};

const schema = buildSchema(readFileSync(schemaFile, 'utf8'));

describe('the role each field needs', () => {
  it("the simulator's rule gives every field of graphql/schema.graphql the role MO's rbac_map.py gives it (or none)", () => {
    const fields = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .flatMap((type) => (isObjectType(type) ? Object.values(type.getFields()).map((field) => ({ type: type.name, field })) : []));
    const found = Object.fromEntries(fields.map(({ type, field }) => [`${type}.${field.name}`, requiredRole(type, field) ?? null]));
    const expected = Object.fromEntries(Object.keys(found).map((key) => [key, moRoles[key] ?? null]));
    expect(found).toEqual(expected);
    expect(Object.values(found).filter((role) => role !== null).length).toBeGreaterThanOrEqual(15);
  });

  it("the client names, for every field our documents ask for, the role MO's rbac_map.py gives it", () => {
    const found: Record<string, string | null> = {};
    const expected: Record<string, string | null> = {};
    for (const [file, document] of loadDocuments()) {
      const typeInfo = new TypeInfo(schema);
      visit(
        document,
        visitWithTypeInfo(typeInfo, {
          Field(node) {
            const parent = typeInfo.getParentType()?.name ?? '?';
            const key = `${file} ${parent}.${node.name.value}`;
            found[key] = readRoleOf(node.name.value)?.role ?? null;
            expected[key] = moRoles[`${parent}.${node.name.value}`] ?? null;
          },
        }),
      );
    }
    expect(found).toEqual(expected);
    expect(new Set(Object.values(found))).toEqual(
      new Set([null, 'read_org_unit', 'read_employee', 'read_engagement', 'read_manager', 'read_class', 'read_address']),
    );
  });

  it('finds the field at an error path through aliases and fragments', () => {
    const document = loadDocuments().get('engagements.graphql');
    expect(document).toBeDefined();
    if (!document) return;
    expect(fieldNameAt(document, ['engagements', 'objects', 2, 'history', 0, 'validity'])).toBe('validity');
    expect(fieldNameAt(document, ['engagements', 'objects', 2, 'validities', 1, 'person_response'])).toBe('person_response');
    expect(fieldNameAt(document, ['engagements', 'objects', 0, 'unknown_key'])).toBe('unknown_key');
    expect(readRoleOf('person_response')).toEqual({ collection: 'employee', role: 'read_employee' });
  });
});
