#!/usr/bin/env node
// The API reports (api/*.api.md): one per entry point of package.json "exports", made by API
// Extractor from the .d.ts that `npm run build` emits, with api-extractor.json as the configuration.
//   node scripts/api-report.mjs           check: fails when a public surface differs from its committed report
//   node scripts/api-report.mjs --update  accept: rewrites the reports (npm run api:update)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CompilerState, Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const update = process.argv.includes('--update');
const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const configPath = resolve(root, 'api-extractor.json');
const base = ExtractorConfig.loadFile(configPath);

const entries = Object.entries(pkg.exports).map(([entry, target]) => {
  const types = typeof target === 'string' ? target : target.types;
  // "." -> atelier.api.md, "./art/classify" -> atelier-art-classify.api.md
  const name = entry === '.' ? 'atelier' : `atelier-${entry.slice(2).replaceAll('/', '-')}`;
  const config = ExtractorConfig.prepare({
    configObject: {
      ...base,
      mainEntryPointFilePath: `<projectFolder>/${types.replace(/^\.\//, '')}`,
      apiReport: { ...base.apiReport, reportFileName: `${name}.api.md` },
    },
    configObjectFullPath: configPath,
    packageJsonFullPath: resolve(root, 'package.json'),
  });
  return { entry, name, config };
});
// One TypeScript program for all entry points.
const compilerState = CompilerState.create(entries[0].config, {
  additionalEntryPoints: entries.map(({ config }) => config.mainEntryPointFilePath),
});

let failed = 0;
for (const { entry, name, config } of entries) {
  const result = Extractor.invoke(config, {
    localBuild: update,
    compilerState,
    messageCallback: (message) => {
      // Keep the output to warnings and errors; the summary line below says what happened.
      if (message.logLevel === 'info' || message.logLevel === 'verbose') message.handled = true;
    },
  });
  const changed = result.apiReportChanged;
  if (!result.succeeded || (changed && !update)) {
    failed++;
    console.error(`api: ${entry}: ${changed ? `the public API differs from api/${name}.api.md` : `${result.errorCount} errors, ${result.warningCount} warnings`}`);
  } else {
    console.log(`api: ${entry}: ${changed ? `api/${name}.api.md updated` : `matches api/${name}.api.md`}`);
  }
}
if (failed > 0) {
  console.error(update
    ? 'api: fix the errors above'
    : 'api: if the change is intended, run `npm run api:update` and commit api/ (see CONTRIBUTING.md)');
  process.exit(1);
}
