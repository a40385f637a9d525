/**
 * The registry of CLI commands: `main.ts` registers every entry on the program.
 *
 * To add a command, write `src/cli/commands/<name>.ts` exporting a {@link CliCommand} and append it
 * here.
 * @module
 */
import type { CliCommand } from './command.js';
import { classifyCommand } from './classify.js';
import { datasetCommand } from './dataset.js';
import { demoCommand } from './demo.js';
import { exampleCommand } from './example.js';
import { ganCommand } from './gan.js';
import { parityCliCommand } from './parity.js';
import { textCommand } from './text.js';
import { styleCommand } from './style.js';
import { stylizeCommand } from './stylize.js';
import { textureCommand } from './texture.js';
import { serveCommand } from './serve.js';
import { studioCommand } from './studio.js';

export type { CliCommand } from './command.js';

/** Every command, in the order `atelier --help` lists them. */
export const commands: CliCommand[] = [exampleCommand, demoCommand, parityCliCommand, datasetCommand, classifyCommand, ganCommand, textCommand, textureCommand, stylizeCommand, styleCommand, serveCommand, studioCommand];
