/**
 * NumPy's `.npy` format (version 1.0) for float32 arrays, so samples load with `numpy.load`.
 * @module
 */
import { ArgumentError } from '../../errors.js';

/**
 * Encodes `values` as a C-order float32 `.npy` file of `shape`: the magic `\x93NUMPY`, version 1.0,
 * a little-endian header length, the header dict padded with spaces to a multiple of 64 bytes
 * (ending in a newline), then the raw little-endian data.
 */
export function encodeNpyFloat32(values: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) throw new ArgumentError(`encodeNpyFloat32: shape [${shape.join(',')}] holds ${count} values, got ${values.length}`);
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  if (header.length > 0xffff) throw new ArgumentError('encodeNpyFloat32: header too long for format 1.0');
  const out = new Uint8Array(10 + header.length + values.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const data = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < values.length; i++) data.setFloat32(i * 4, values[i]!, true);
  return out;
}

/** Reads a float32 `.npy` written by {@link encodeNpyFloat32} (or NumPy, C order, `<f4`). */
export function decodeNpyFloat32(bytes: Uint8Array): { values: Float32Array; shape: number[] } {
  if (bytes.length < 10 || bytes[0] !== 0x93 || String.fromCharCode(...bytes.subarray(1, 6)) !== 'NUMPY') throw new ArgumentError('decodeNpyFloat32: not a .npy file (the magic \\x93NUMPY is missing)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint16(8, true);
  const header = String.fromCharCode(...bytes.subarray(10, 10 + length));
  if (!header.includes("'descr': '<f4'") || !header.includes("'fortran_order': False")) throw new ArgumentError(`decodeNpyFloat32: only C-order little-endian float32 is read, header ${header.trim()}`);
  const shapeText = /'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getFloat32(10 + length + i * 4, true);
  return { values, shape };
}
