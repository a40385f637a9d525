/**
 * The parity fixture format (PyTorch-generated reference values), and its validation.
 * See docs/parity.md for the format.
 * @module
 */
import { AtelierError } from '../errors.js';

/**
 * A tensor as stored in a fixture: shape and row-major data in PyTorch's layout. JSON has no literal
 * for non-finite numbers, so a file may write them as the strings `"NaN"`, `"Infinity"` and
 * `"-Infinity"`; validation turns those into numbers, so `data` holds only numbers afterwards.
 */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** An op case: run `op` on `inputs`, compare output and input gradients. */
export interface OpCase {
  name: string;
  op: string;
  attrs: Record<string, unknown>;
  inputs: Record<string, FixtureTensor>;
  output: FixtureTensor;
  grad_output: FixtureTensor;
  grads: Record<string, FixtureTensor>;
  labels?: FixtureTensor;
}

/** An optimizer case: `attrs.steps` steps from `inputs.w`, compared with `trajectory`. */
export interface OptimizerCase {
  name: string;
  op: 'optimizer';
  attrs: Record<string, unknown>;
  inputs: Record<string, FixtureTensor>;
  trajectory: FixtureTensor[];
}

/** One case of a fixture file. */
export type ParityCase = OpCase | OptimizerCase;

/** A whole fixture file. */
export interface ParityFile {
  generator?: string;
  seed?: number;
  layout?: string;
  cases: ParityCase[];
}

/** The fixture file is not in the documented format; the message says where. */
export class ParityFormatError extends AtelierError {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The strings that stand for non-finite numbers in fixture data. */
const nonFinite: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

function checkTensor(v: unknown, where: string): FixtureTensor {
  if (!isObject(v) || !Array.isArray(v.shape) || !Array.isArray(v.data)) {
    throw new ParityFormatError(`${where}: expected a tensor {shape, data}`);
  }
  const shape = v.shape as unknown[];
  if (!shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) throw new ParityFormatError(`${where}.shape: expected non-negative integers`);
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (v.data.length !== size) throw new ParityFormatError(`${where}: data has ${v.data.length} values, shape [${shape.join(',')}] needs ${size}`);
  const data = v.data as unknown[];
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (typeof x === 'number') continue;
    const number = typeof x === 'string' ? nonFinite[x] : undefined;
    if (number === undefined) throw new ParityFormatError(`${where}.data[${i}]: expected a number or "NaN", "Infinity", "-Infinity", got ${JSON.stringify(x)}`);
    data[i] = number;
  }
  return v as unknown as FixtureTensor;
}

function checkTensorMap(v: unknown, where: string): Record<string, FixtureTensor> {
  if (!isObject(v)) throw new ParityFormatError(`${where}: expected an object of named tensors`);
  for (const [k, t] of Object.entries(v)) checkTensor(t, `${where}.${k}`);
  return v as Record<string, FixtureTensor>;
}

/** Validates parsed JSON as a fixture file, throwing a {@link ParityFormatError} naming the first problem. */
export function validateParityFile(json: unknown, source = 'fixture'): ParityFile {
  if (!isObject(json) || !Array.isArray(json.cases)) throw new ParityFormatError(`${source}: expected an object with a "cases" array`);
  json.cases.forEach((c: unknown, i: number) => {
    const where = `${source}: cases[${i}]`;
    if (!isObject(c) || typeof c.name !== 'string' || typeof c.op !== 'string') throw new ParityFormatError(`${where}: expected {name, op, ...}`);
    const named = `${where} (${c.name})`;
    if (c.attrs !== undefined && !isObject(c.attrs)) throw new ParityFormatError(`${named}.attrs: expected an object`);
    checkTensorMap(c.inputs, `${named}.inputs`);
    if (c.op === 'optimizer') {
      if (!Array.isArray(c.trajectory)) throw new ParityFormatError(`${named}.trajectory: expected an array of tensors`);
      c.trajectory.forEach((t: unknown, j: number) => checkTensor(t, `${named}.trajectory[${j}]`));
    } else {
      checkTensor(c.output, `${named}.output`);
      checkTensor(c.grad_output, `${named}.grad_output`);
      checkTensorMap(c.grads ?? {}, `${named}.grads`);
      if (c.labels !== undefined) checkTensor(c.labels, `${named}.labels`);
    }
    c.attrs ??= {};
  });
  return json as unknown as ParityFile;
}
