#!/usr/bin/env node
/**
 * Entry point of the `atelier` command line (package.json `bin`; `npm start` runs `atelier demo`).
 * @module
 */
import { runCli } from './program.js';
import { installCliProcessHandlers } from './report-error.js';

installCliProcessHandlers();
await runCli();
