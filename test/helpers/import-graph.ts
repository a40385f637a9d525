/**
 * The static import graph of compiled ES modules: which modules a browser would fetch when it
 * loads an entry point, and which specifiers in them are not relative paths (`node:` built-ins,
 * package names), which a browser cannot resolve without a bundler or an import map. Dynamic
 * `import()` calls are not followed: they run only when reached (atelier guards its Node-only ones).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

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
