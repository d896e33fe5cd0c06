import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The package root, whether running from src/ (tsx, vitest) or dist/ (built). */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const graphqlDir = join(packageRoot, 'graphql');
