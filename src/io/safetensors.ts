/**
 * Reading and writing the safetensors format (https://github.com/huggingface/safetensors), the
 * weight format PyTorch and Hugging Face use:
 *
 * ```
 * [8 bytes: header length N, unsigned little-endian]
 * [N bytes: JSON {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__: {string: string}}]
 * [data: raw little-endian tensor bytes; offsets are relative to the start of this section]
 * ```
 * Files are validated completely before any tensor is created, so a corrupt file never yields
 * half-read weights.
 * @module
 */
import { readFileSync } from '../host/node-fs.js';
import { tensor } from '../tensor/creation.js';
import type { DType, TypedArray } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { FileFormatError } from './file-format-error.js';
import { writeFileAtomicSync } from './atomic-write.js';

/** Element types of the safetensors format that atelier reads. It writes only F32, I32 and BOOL. */
export type SafetensorsDType = 'F32' | 'I32' | 'BOOL' | 'F64' | 'F16' | 'BF16' | 'I64' | 'I16' | 'I8' | 'U8';

const BYTES: Record<SafetensorsDType, number> = { F32: 4, I32: 4, BOOL: 1, F64: 8, F16: 2, BF16: 2, I64: 8, I16: 2, I8: 1, U8: 1 };
/** What each file dtype becomes in memory: floats widen or narrow to float32, integers to int32. */
const TARGET: Record<SafetensorsDType, DType> = { F32: 'float32', F64: 'float32', F16: 'float32', BF16: 'float32', I32: 'int32', I64: 'int32', I16: 'int32', I8: 'int32', U8: 'int32', BOOL: 'bool' };
const FILE_DTYPE: Record<DType, SafetensorsDType> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };
/** The reference implementation refuses headers above 100 MB; so do we, to fail fast on garbage. */
const MAX_HEADER_BYTES = 100_000_000;

/** The contents of a safetensors file: tensors in file order, and the free-form string metadata. */
export interface SafetensorsContents {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

/** One tensor's entry in a safetensors header. */
export interface SafetensorsEntry {
  dtype: SafetensorsDType;
  shape: number[];
  dataOffsets: [number, number];
}

/**
 * Serialises tensors (in the given order) and string metadata into safetensors bytes.
 * @example writeFileSync('w.safetensors', encodeSafetensors({ 'dense.weight': w }));
 */
export function encodeSafetensors(tensors: Record<string, Tensor> | Map<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  const entries = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new FileFormatError(`safetensors: '__metadata__' is reserved and cannot name a tensor`);
    const bytes = t.size * BYTES[FILE_DTYPE[t.dtype]];
    header[name] = { dtype: FILE_DTYPE[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // Readers may map the data section directly; padding the header to 8 bytes keeps it aligned.
  json += ' '.repeat((8 - (new TextEncoder().encode(json).length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const [, t] of entries) {
    const bytes = littleEndianBytes(t.values);
    out.set(bytes, position);
    position += bytes.length;
  }
  return out;
}

/**
 * Parses and validates safetensors bytes. `source` (usually the file path) is named in every error,
 * together with the tensor at fault.
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors buffer'): SafetensorsContents {
  const { entries, metadata, dataStart } = parseHeader(bytes, source);
  const data = bytes.subarray(dataStart);
  const tensors = new Map<string, Tensor>();
  for (const [name, entry] of entries) {
    tensors.set(name, decodeTensor(data.subarray(entry.dataOffsets[0], entry.dataOffsets[1]), entry, `${source}: tensor '${name}'`));
  }
  return { tensors, metadata };
}

/** Reads and validates a safetensors file. Errors name the file and the tensor. */
export function readSafetensors(path: string): SafetensorsContents {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileFormatError(code === 'ENOENT' ? `${path}: file not found` : `${path}: cannot be read (${(e as Error).message})`);
  }
  return decodeSafetensors(bytes, path);
}

/** Writes tensors to a safetensors file atomically (temporary file, fsync, rename). */
export function writeSafetensors(path: string, tensors: Record<string, Tensor> | Map<string, Tensor>, metadata: Record<string, string> = {}): void {
  writeFileAtomicSync(path, encodeSafetensors(tensors, metadata));
}

/**
 * Parses and validates the header of safetensors bytes without decoding any tensor: every entry's
 * dtype, shape and byte range is checked against the data section.
 */
export function parseHeader(bytes: Uint8Array, source: string): { entries: Map<string, SafetensorsEntry>; metadata: Record<string, string>; dataStart: number } {
  const fail = (what: string): never => {
    throw new FileFormatError(`${source}: ${what}`);
  };
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, too short for the 8-byte header length (truncated or not a safetensors file)`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) fail(`header length ${headerLength} exceeds ${MAX_HEADER_BYTES} bytes (corrupt or not a safetensors file)`);
  const dataStart = 8 + Number(headerLength);
  if (dataStart > bytes.length) fail(`header claims ${headerLength} bytes but the file has only ${bytes.length - 8} after the length (truncated)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + Number(headerLength))));
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message}); the file is corrupt or not a safetensors file`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries = new Map<string, SafetensorsEntry>();
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('__metadata__ is not an object of strings');
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} is ${typeof v}, expected a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    entries.set(name, parseEntry(raw, dataLength, (what) => fail(`tensor '${name}': ${what}`)));
  }
  checkCoverage(entries, dataLength, fail);
  return { entries, metadata, dataStart };
}

function parseEntry(raw: unknown, dataLength: number, fail: (what: string) => never): SafetensorsEntry {
  if (typeof raw !== 'object' || raw === null) fail('entry is not an object');
  const { dtype, shape, data_offsets: offsets } = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof dtype !== 'string' || !(dtype in BYTES)) fail(`unknown dtype ${JSON.stringify(dtype)}, expected one of ${Object.keys(BYTES).join(', ')}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
    fail(`data_offsets ${JSON.stringify(offsets)} is not [begin, end] with 0 <= begin <= end`);
  }
  const [begin, end] = offsets as [number, number];
  const expected = sizeOf(shape as number[]) * BYTES[dtype as SafetensorsDType];
  if (end - begin !== expected) fail(`data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but ${dtype} ${JSON.stringify(shape)} needs ${expected}`);
  if (end > dataLength) fail(`data_offsets [${begin}, ${end}] run past the end of the data section (${dataLength} bytes): the file is truncated`);
  return { dtype: dtype as SafetensorsDType, shape: shape as number[], dataOffsets: [begin, end] };
}

/** The data section must be covered exactly once, without gaps or overlaps, as the format requires. */
function checkCoverage(entries: Map<string, SafetensorsEntry>, dataLength: number, fail: (what: string) => never): void {
  const sorted = [...entries].sort((a, b) => a[1].dataOffsets[0] - b[1].dataOffsets[0] || a[1].dataOffsets[1] - b[1].dataOffsets[1]);
  let position = 0;
  let previous = '';
  for (const [name, { dataOffsets: [begin, end] }] of sorted) {
    if (begin < position) fail(`tensor '${name}' (bytes ${begin}..${end}) overlaps tensor '${previous}'`);
    if (begin > position) fail(`bytes ${position}..${begin} of the data section belong to no tensor (before tensor '${name}')`);
    position = end;
    previous = name;
  }
  if (position !== dataLength) fail(`${dataLength - position} bytes after the last tensor belong to no tensor (corrupt file)`);
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndianBytes(values: TypedArray): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (littleEndianHost || values.BYTES_PER_ELEMENT === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => (values instanceof Float32Array ? view.setFloat32(i * 4, v, true) : view.setInt32(i * 4, v, true)));
  return out;
}

function decodeTensor(bytes: Uint8Array, entry: SafetensorsEntry, label: string): Tensor {
  const n = sizeOf(entry.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const target = TARGET[entry.dtype];
  let values: TypedArray;
  switch (entry.dtype) {
    case 'F32':
      values = new Float32Array(n);
      if (littleEndianHost) new Uint8Array(values.buffer).set(bytes);
      else for (let i = 0; i < n; i++) values[i] = view.getFloat32(i * 4, true);
      break;
    case 'I32':
      values = new Int32Array(n);
      if (littleEndianHost) new Uint8Array(values.buffer).set(bytes);
      else for (let i = 0; i < n; i++) values[i] = view.getInt32(i * 4, true);
      break;
    case 'BOOL':
      for (let i = 0; i < n; i++) if (bytes[i]! > 1) throw new FileFormatError(`${label}: BOOL element ${i} has byte value ${bytes[i]}, expected 0 or 1`);
      values = new Uint8Array(bytes);
      break;
    case 'F64':
      values = Float32Array.from({ length: n }, (_, i) => view.getFloat64(i * 8, true));
      break;
    case 'F16':
      values = Float32Array.from({ length: n }, (_, i) => halfToFloat(view.getUint16(i * 2, true)));
      break;
    case 'BF16':
      values = Float32Array.from({ length: n }, (_, i) => bfloat16ToFloat(view.getUint16(i * 2, true)));
      break;
    case 'I64':
      values = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = view.getBigInt64(i * 8, true);
        if (v > 2147483647n || v < -2147483648n) throw new FileFormatError(`${label}: I64 element ${i} = ${v} does not fit in int32`);
        values[i] = Number(v);
      }
      break;
    case 'I16':
      values = Int32Array.from({ length: n }, (_, i) => view.getInt16(i * 2, true));
      break;
    case 'I8':
      values = Int32Array.from({ length: n }, (_, i) => view.getInt8(i));
      break;
    case 'U8':
      values = Int32Array.from(bytes);
      break;
  }
  return tensor(values, entry.shape, target);
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function bfloat16ToFloat(b: number): number {
  const buffer = new DataView(new ArrayBuffer(4));
  buffer.setUint32(0, b << 16);
  return buffer.getFloat32(0);
}
