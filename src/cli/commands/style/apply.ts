/**
 * `atelier style apply <run-dir> <image...> -o <out>`: stylises pictures with a trained network. One
 * image: `out` is the file; several: `out` is a folder and each result is `<name>.png` in it.
 * @module
 */
import { mkdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Command } from 'commander';
import { ArgumentError } from '../../../errors.js';
import { applyStyle, loadStyleRun } from '../../../art/style/fast/apply.js';
import { fitLongerSide, imageSize, readStyleInput } from '../../../art/style/images.js';
import { writeImage } from '../../../io/image.js';
import { integerOption } from '../options.js';
import type { ProgressSink } from './progress.js';

/** The flags of `style apply`. */
export interface StyleApplyFlags {
  out: string;
  size?: number;
  json?: boolean;
}

/** One stylised picture. */
export interface StyleApplyRecord {
  input: string;
  out: string;
  width: number;
  height: number;
  /** Seconds of the network pass alone (not reading or writing files). */
  seconds: number;
}

/** What {@link runStyleApply} reports. */
export interface StyleApplyReport {
  runDir: string;
  step: number;
  /** Seconds to load the network from the run folder. */
  loadSeconds: number;
  images: StyleApplyRecord[];
}

/** Loads the run once, stylises each image at `--size` (longer side; default 512), writes the results, prints a line each or one JSON object. */
export async function runStyleApply(runDir: string, images: string[], flags: StyleApplyFlags, stdout: ProgressSink = process.stdout, stderr: ProgressSink = process.stderr): Promise<StyleApplyReport> {
  const op = 'style apply';
  const size = flags.size ?? 512;
  const several = images.length > 1;
  if (several) {
    const info = statSync(flags.out, { throwIfNoEntry: false });
    if (info && !info.isDirectory()) throw new ArgumentError(`${op}: with ${images.length} images, -o must be a folder, and ${flags.out} is a file`);
    mkdirSync(flags.out, { recursive: true });
  }
  const t0 = performance.now();
  const run = loadStyleRun(runDir, op);
  const report: StyleApplyReport = { runDir, step: run.state.step, loadSeconds: (performance.now() - t0) / 1000, images: [] };
  const names = new Set<string>();
  for (const input of images) {
    const [h0, w0] = await imageSize(input);
    const image = await readStyleInput(input, fitLongerSide(h0, w0, size), 'image', (m) => stderr.write(`notice: ${m}\n`));
    const t = performance.now();
    const styled = applyStyle(run, image);
    const seconds = (performance.now() - t) / 1000;
    let out = flags.out;
    if (several) {
      let name = `${basename(input, extname(input))}.png`;
      for (let i = 2; names.has(name); i++) name = `${basename(input, extname(input))}-${i}.png`;
      names.add(name);
      out = join(flags.out, name);
    }
    await writeImage(out, styled);
    const [, height, width] = styled.shape as [number, number, number, number];
    report.images.push({ input, out, width, height, seconds });
    if (!flags.json) stdout.write(`${out}: ${width}x${height} in ${seconds.toFixed(3)} s\n`);
    styled.dispose();
  }
  if (flags.json) stdout.write(`${JSON.stringify(report)}\n`);
  else stdout.write(`network of ${runDir} (step ${report.step}) loaded in ${report.loadSeconds.toFixed(3)} s\n`);
  return report;
}

/** Adds `apply` to the `style` command. */
export function registerStyleApply(style: Command): void {
  style
    .command('apply')
    .description('paint pictures with a network trained by `atelier style train` (one forward pass each)')
    .argument('<run-dir>', 'the run folder of `style train`')
    .argument('<image...>', 'pictures to stylise')
    .requiredOption('-o, --out <path>', 'the result file for one image; a folder for several (each <name>.png)')
    .option('--size <px>', 'longer side of the results (default: 512)', integerOption(4))
    .option('--json', 'print one JSON object: runDir, step, loadSeconds, images [{input, out, width, height, seconds}]')
    .action(async (runDir: string, images: string[], flags: StyleApplyFlags) => {
      await runStyleApply(runDir, images, flags);
    });
}
