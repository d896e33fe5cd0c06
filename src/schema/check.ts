// npm run schema:check -- <schema file>
// Validates every graphql/*.graphql document against the given schema (CI runs it against MO's v29).
import { readFileSync } from 'node:fs';
import { loadDocuments } from './documents.js';
import { validateDocuments } from './validate.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run schema:check -- <schema.graphql>');
  process.exit(2);
}
const documents = loadDocuments();
const problems = validateDocuments(readFileSync(file, 'utf8'), documents);
for (const problem of problems) console.error(problem);
console.log(`${documents.size} documents checked against ${file}: ${problems.length === 0 ? 'all valid' : `${problems.length} problems`}`);
process.exit(problems.length === 0 ? 0 : 1);
