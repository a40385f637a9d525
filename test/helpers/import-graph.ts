/**
 * The static import graph of compiled ES modules: which modules a browser would fetch when it
 * loads an entry point, and which specifiers in them are not relative paths (`node:` built-ins,
 * package names), which a browser cannot resolve without a bundler or an import map. Dynamic
 * `import()` calls are not followed: they run only when reached (atelier guards its Node-only ones).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** What {@link staticImportGraph} found. */
export interface ImportGraph {
  /** Absolute paths of every module reached. */
  modules: Set<string>;
  /** `module -> specifier` for every import that is not a relative path. */
  unresolvable: string[];
}

/** Matches `import ... from '...'`, `export ... from '...'` (over several lines) and `import '...'`. */
const STATIC_IMPORT = /^\s*(?:import|export)\s[^;'"]*?\sfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Follows the static imports of `entry` (a compiled .js file). */
export function staticImportGraph(entry: string): ImportGraph {
  const modules = new Set<string>();
  const unresolvable: string[] = [];
  const visit = (file: string): void => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const specifier = (match[1] ?? match[2])!;
      if (specifier.startsWith('./') || specifier.startsWith('../')) visit(resolve(dirname(file), specifier));
      else unresolvable.push(`${file} -> ${specifier}`);
    }
  };
  visit(resolve(entry));
  return { modules, unresolvable };
}

/** One import of one source module, as {@link sourceImports} found it. */
export interface SourceImport {
  /** The importing module, relative to the scanned folder (`ops/arithmetic.ts`). */
  from: string;
  /** The imported module, relative to the scanned folder, `.ts` (`autograd/tape.ts`). */
  to: string;
  /** `import type` / `export type` of the whole declaration: erased from the compiled module. */
  typeOnly: boolean;
  /** A dynamic `import()`. */
  dynamic: boolean;
}

/** Static imports and re-exports (`import type` flagged) and dynamic `import('...')` calls. */
const SOURCE_IMPORT = /^\s*(?:import|export)\s+(type\s+)?[^;'"]*?\sfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/**
 * Every relative import between the TypeScript modules under `dir` (recursively), read from the
 * sources, so type-only imports count too. Package and `node:` imports are left out.
 */
export function sourceImports(dir: string): SourceImport[] {
  const root = resolve(dir);
  const files = (function find(d: string): string[] {
    return readdirSync(d, { withFileTypes: true }).flatMap((e) => {
      const path = join(d, e.name);
      if (e.isDirectory()) return find(path);
      return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
    });
  })(root);
  const imports: SourceImport[] = [];
  for (const file of files) {
    const from = relative(root, file).split(sep).join('/');
    for (const match of readFileSync(file, 'utf8').matchAll(SOURCE_IMPORT)) {
      const specifier = (match[2] ?? match[3] ?? match[4])!;
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      const to = relative(root, resolve(dirname(file), specifier)).split(sep).join('/').replace(/\.js$/, '.ts');
      imports.push({ from, to, typeOnly: match[1] !== undefined, dynamic: match[4] !== undefined });
    }
  }
  return imports;
}
