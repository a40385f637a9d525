/**
 * `node dist/scripts/style-network-speed.js [--size 512] [--runs 5]`: how long one forward pass of
 * fast style networks of several shapes takes on a `size`x`size` image (the `style apply` budget is
 * 0.5 s at 512 px on 2 cores), with their convolution GFLOP. Prints the minimum and median of `runs`
 * passes after one warm-up, per shape; the table in docs/style.md comes from it.
 */
import { Command } from 'commander';
import { Random } from '../src/index.js';
import { applyStyle, buildTransformNetwork, transformNetworkFlops, type TransformNetworkSpec } from '../src/art/style/index.js';
import { integerOption } from '../src/cli/commands/options.js';

const options = new Command('style-network-speed')
  .option('--size <px>', 'image side', integerOption(16), 512)
  .option('--runs <n>', 'timed passes per shape', integerOption(1), 5)
  .parse()
  .opts<{ size: number; runs: number }>();

const shapes: TransformNetworkSpec[] = [
  { width: 16, residualBlocks: 3, outerKernel: 9, margin: 8, residual: true },
  { width: 32, residualBlocks: 3, outerKernel: 9, margin: 8, residual: true },
  { width: 32, residualBlocks: 3, outerKernel: 5, margin: 8, residual: true },
  { width: 32, residualBlocks: 3, outerKernel: 3, margin: 8, residual: true },
  { width: 32, residualBlocks: 5, outerKernel: 5, margin: 8, residual: true },
  { width: 48, residualBlocks: 3, outerKernel: 3, margin: 8, residual: true },
  { width: 64, residualBlocks: 3, outerKernel: 3, margin: 8, residual: true },
  { width: 64, residualBlocks: 3, outerKernel: 9, margin: 8, residual: true },
];
const image = new Random(0).uniform([options.size, options.size, 3]);
console.log(`| network (width, blocks, outer kernel) | parameters | GFLOP at ${options.size} px | min ms | median ms |`);
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const spec of shapes) {
  const network = buildTransformNetwork(spec, 0);
  applyStyle(network, image).dispose();
  const times: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const t = performance.now();
    applyStyle(network, image).dispose();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const gflop = transformNetworkFlops(spec, options.size, options.size) / 1e9;
  console.log(`| ${spec.width}, ${spec.residualBlocks}, ${spec.outerKernel}x${spec.outerKernel} | ${network.countParams().toLocaleString('en-US')} | ${gflop.toFixed(2)} | ${times[0]!.toFixed(0)} | ${times[Math.floor(times.length / 2)]!.toFixed(0)} |`);
}
