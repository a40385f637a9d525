/**
 * Child process of the GAN kill test: trains (or, given `resume`, continues) a tiny conditional GAN
 * with a checkpoint after every step, printing `ready` once training starts and `done` at the end.
 * Usage: node gan-child.js <data> <run-dir> [resume]
 */
import { trainGan } from '../../../../src/art/gan/index.js';
import { tinyGanOptions } from './tiny.js';

const [data, runDir, mode] = process.argv.slice(2);
process.stdout.write('ready\n');
await trainGan(data!, mode === 'resume' ? { outDir: runDir!, resume: true, epochs: 3, verbose: 0 } : { ...tinyGanOptions, outDir: runDir! });
process.stdout.write('done\n');
