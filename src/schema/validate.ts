import { buildSchema, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

/** One line per problem ("file: message"), empty when every document fits the schema (SDL text or a built schema). */
export function validateDocuments(schema: string | GraphQLSchema, documents: ReadonlyMap<string, DocumentNode>): string[] {
  const built = typeof schema === 'string' ? buildSchema(schema) : schema;
  const problems: string[] = [];
  for (const [name, document] of documents) {
    for (const error of validate(built, document)) problems.push(`${name}: ${error.message}`);
  }
  return problems;
}
