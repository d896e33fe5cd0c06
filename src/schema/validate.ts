import { buildSchema, validate, type DocumentNode } from 'graphql';

/** One line per problem ("file: message"), empty when every document fits the schema. */
export function validateDocuments(sdl: string, documents: ReadonlyMap<string, DocumentNode>): string[] {
  const schema = buildSchema(sdl);
  const problems: string[] = [];
  for (const [name, document] of documents) {
    for (const error of validate(schema, document)) problems.push(`${name}: ${error.message}`);
  }
  return problems;
}
