import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { graphqlDir } from '../util/paths.js';

export const schemaFile = join(graphqlDir, 'schema.graphql');

/** The project's query documents (every graphql/*.graphql but the schema), by file name. */
export function loadDocuments(): Map<string, DocumentNode> {
  const documents = new Map<string, DocumentNode>();
  for (const name of readdirSync(graphqlDir).sort()) {
    if (!name.endsWith('.graphql') || join(graphqlDir, name) === schemaFile) continue;
    documents.set(name, parse(readFileSync(join(graphqlDir, name), 'utf8')));
  }
  return documents;
}
