import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import { graphqlDir } from '../util/paths.js';

export const schemaFile = join(graphqlDir, 'schema.graphql');

/**
 * The project's query documents (every graphql/*.graphql with an operation),
 * by file name, each with the fragments it uses, wherever they are defined
 * (graphql/fragments.graphql holds the shared ones), as codegen combines them.
 */
export function loadDocuments(): Map<string, DocumentNode> {
  const files = new Map<string, DocumentNode>();
  for (const name of readdirSync(graphqlDir).sort()) {
    if (!name.endsWith('.graphql') || join(graphqlDir, name) === schemaFile) continue;
    files.set(name, parse(readFileSync(join(graphqlDir, name), 'utf8')));
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const document of files.values()) {
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const documents = new Map<string, DocumentNode>();
  for (const [name, document] of files) {
    const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    if (operations.length === 0) continue;
    documents.set(name, { kind: Kind.DOCUMENT, definitions: [...operations, ...fragmentsUsedBy(operations, fragments)] });
  }
  return documents;
}

/** The fragments the definitions spread, directly or through other fragments, each once. */
function fragmentsUsedBy(definitions: readonly DefinitionNode[], fragments: ReadonlyMap<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending = [...definitions];
  for (let definition = pending.pop(); definition !== undefined; definition = pending.pop()) {
    visit(definition, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment === undefined || used.has(spread.name.value)) return;
        used.set(spread.name.value, fragment);
        pending.push(fragment);
      },
    });
  }
  return [...used.values()];
}
