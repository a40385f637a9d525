#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with node's test runner.
// Node 20 treats every file under a `test/` folder as a test when given a directory, so the list is explicit.
// Usage: node scripts/run-tests.mjs [substring filters...]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = find('dist/test').filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (files.length === 0) {
  console.error(`run-tests: no test files match ${filters.join(' ') || 'dist/test/**/*.test.js'} (did the build run?)`);
  process.exit(1);
}
console.log(`run-tests: ${files.length} test files on Node ${process.version}`);
const result = spawnSync(process.execPath, ['--expose-gc', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
