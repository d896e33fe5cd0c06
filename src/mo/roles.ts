/**
 * The Keycloak role MO requires to read a field our documents ask for.
 * MO checks every field (mora/graphapi/schema.py, RBACExtension) against
 * mora/graphapi/rbac_map.py: a field that reads one of MO's collections
 * needs `read_<collection>`; the rest (uuid, name, validity, validities,
 * current, objects, page_info, resolve ...) are public. In the documents of
 * graphql/, a field's name alone tells which collection it reads.
 */
import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';

const collectionOfField: Readonly<Record<string, string>> = {
  org_units: 'org_unit',
  org_unit_response: 'org_unit',
  parent_response: 'org_unit',
  persons: 'employee',
  person_response: 'employee',
  engagements: 'engagement',
  managers: 'manager',
  classes: 'class',
  job_function_response: 'class',
  engagement_type_response: 'class',
  unit_level_response: 'class',
  address_type_response: 'class',
  visibility_response: 'class',
  responsibilities_response: 'class',
  addresses: 'address',
  addresses_response: 'address',
  facets: 'facet',
};

/** What a client lacks to read a field: MO's collection and the Keycloak role for it. */
export interface ReadRole {
  collection: string;
  role: string;
}

/** The role to read field `name` (not an alias), or undefined for a field we do not know to need one. */
export function readRoleOf(name: string): ReadRole | undefined {
  const collection = Object.hasOwn(collectionOfField, name) ? collectionOfField[name] : undefined;
  return collection === undefined ? undefined : { collection, role: `read_${collection}` };
}

/** The fields directly in a selection set, through inline fragments and fragment spreads, by response key. */
function fieldsOf(document: DocumentNode, selectionSet: SelectionSetNode): Map<string, { name: string; selectionSet?: SelectionSetNode }> {
  const fields = new Map<string, { name: string; selectionSet?: SelectionSetNode }>();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      fields.set(selection.alias?.value ?? selection.name.value, {
        name: selection.name.value,
        ...(selection.selectionSet ? { selectionSet: selection.selectionSet } : {}),
      });
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection
        : document.definitions.find((definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value);
    if (fragment && 'selectionSet' in fragment && fragment.selectionSet) {
      for (const [key, field] of fieldsOf(document, fragment.selectionSet)) if (!fields.has(key)) fields.set(key, field);
    }
  }
  return fields;
}

/**
 * The name of the field at `path` (response keys and list indices, as in a
 * GraphQL error) of the document's first operation: the alias undone. The
 * path's last key itself when the document does not have it.
 */
export function fieldNameAt(document: DocumentNode, path: readonly (string | number)[]): string | undefined {
  const keys = path.filter((segment): segment is string => typeof segment === 'string');
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  let selectionSet: SelectionSetNode | undefined = operation?.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet : undefined;
  let name: string | undefined;
  for (const key of keys) {
    const field = selectionSet ? fieldsOf(document, selectionSet).get(key) : undefined;
    if (field === undefined) return keys.at(-1);
    name = field.name;
    selectionSet = field.selectionSet;
  }
  return name;
}
