// Imports, from inside an installed p2l package, every package that its
// dist/ imports by bare name (`from 'graphql'`, `import('cac')`), so that a
// devDependency imported by some module the smoke run never loads fails here,
// not in production. Usage: node bare-imports.mjs PACKAGE_DIR
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';

const packageDir = process.argv[2];
if (!packageDir) {
  process.stderr.write('usage: node bare-imports.mjs PACKAGE_DIR\n');
  process.exit(2);
}

// tsc writes each import or re-export as a statement at the start of a line
// (its braces may span lines), and dynamic imports of literal names.
const specifierPatterns = [/^(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm, /^import\s*['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
const builtins = new Set(builtinModules);

/** The bare specifiers (neither relative nor `node:` nor a built-in) imported by the .js files under `dir`. */
function bareSpecifiers(dir) {
  const found = new Set();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const text = readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8');
    for (const match of specifierPatterns.flatMap((pattern) => [...text.matchAll(pattern)])) {
      const specifier = match[1];
      if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue;
      found.add(specifier);
    }
  }
  return [...found].sort();
}

let specifiers;
try {
  specifiers = bareSpecifiers(join(packageDir, 'dist'));
} catch (error) {
  process.stderr.write(`bare-imports: cannot read ${join(packageDir, 'dist')} (${error.code ?? error.message}): give an installed p2l package's folder\n`);
  process.exit(1);
}
// Evaluated as a module whose base is the package folder, so each name
// resolves as the package's own code resolves it.
const program = `for (const s of ${JSON.stringify(specifiers)}) { try { await import(s); } catch (e) { console.error('cannot import ' + s + ' from the installed package: ' + e.message.split('\\n')[0]); process.exitCode = 1; } }`;
const run = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: packageDir, stdio: 'inherit' });
if (run.status !== 0) process.exit(1);
process.stderr.write(`bare-imports: ${specifiers.length} packages import from the installed package: ${specifiers.join(' ')}\n`);
