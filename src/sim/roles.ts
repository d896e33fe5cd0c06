/**
 * MO's role checks, which are always on: every field is checked before it
 * is resolved, and one the client holds no role for fails with "No policy
 * approved the access" at that field (a GraphQL error with its path; MO's
 * RBACExtension and _enforce_pbac in mora/graphapi/schema.py).
 *
 * Which role (mora/graphapi/rbac_map.py, for the fields of our schema): a
 * field that leads into one of MO's collections, i.e. returns its
 * `...Response` or `...ResponsePaged`, needs `read_<collection>`; the
 * `objects` of a page are already inside it, and every other field (uuid,
 * name, validity, validities, current, page_info, resolve ...) is public.
 */
import { GraphQLError, defaultFieldResolver, getNamedType, isObjectType, type GraphQLField, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

const collectionOfResponse: Readonly<Record<string, string>> = {
  OrganisationUnitResponse: 'org_unit',
  EmployeeResponse: 'employee',
  EngagementResponse: 'engagement',
  ManagerResponse: 'manager',
  ClassResponse: 'class',
  FacetResponse: 'facet',
  AddressResponse: 'address',
};

/** The Keycloak role MO requires to read `field` of `parentType`, or undefined when the field is public. */
export function requiredRole(parentType: string, field: GraphQLField<unknown, unknown>): string | undefined {
  if (parentType.endsWith('ResponsePaged')) return undefined;
  const returned = getNamedType(field.type).name.replace(/Paged$/, '');
  const collection = Object.hasOwn(collectionOfResponse, returned) ? collectionOfResponse[returned] : undefined;
  return collection === undefined ? undefined : `read_${collection}`;
}

/** The roles the request's client holds; absent when it holds them all. */
export interface RoleContext {
  roles?: ReadonlySet<string>;
}

const rolesOf = (context: unknown): ReadonlySet<string> | undefined =>
  typeof context === 'object' && context !== null && 'roles' in context ? (context as RoleContext).roles : undefined;

const noPolicy = 'No policy approved the access';

/** Makes every field that needs a role check it against the request's `roles` (see RoleContext) before resolving. */
export function enforceRoles(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const role = requiredRole(type.name, field);
      if (role === undefined) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        if (rolesOf(context)?.has(role) === false) throw new GraphQLError(noPolicy);
        return resolve(source, args, context, info);
      };
    }
  }
}
