/** The safetensors reader and writer: exact bytes, conversions, and errors that name file and tensor. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, encodeSafetensors, decodeSafetensors, readSafetensors, writeSafetensors, FileFormatError } from '../../src/index.js';

/** Assembles a safetensors file from a header object and raw data bytes, as the format defines it. */
function rawFile(header: Record<string, unknown>, data: number[] | Uint8Array): Uint8Array {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function f32Bytes(values: number[]): number[] {
  return [...new Uint8Array(new Float32Array(values).buffer)];
}

test('encoding writes the length, an 8-byte aligned JSON header and little-endian data', () => {
  const bytes = encodeSafetensors({ w: tensor([[1, 2], [3, 4]]), n: tensor([7, -1], [2], 'int32'), m: tensor([true, false]) }, { note: 'hi' });
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(headerLength % 8, 0);
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString('utf8'));
  assert.deepEqual(header, {
    __metadata__: { note: 'hi' },
    w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
    n: { dtype: 'I32', shape: [2], data_offsets: [16, 24] },
    m: { dtype: 'BOOL', shape: [2], data_offsets: [24, 26] },
  });
  const data = bytes.subarray(8 + headerLength);
  assert.deepEqual([...data.subarray(0, 16)], f32Bytes([1, 2, 3, 4]));
  assert.deepEqual([...data.subarray(16, 24)], [7, 0, 0, 0, 255, 255, 255, 255]);
  assert.deepEqual([...data.subarray(24)], [1, 0]);
  const back = decodeSafetensors(bytes);
  assert.deepEqual(back.metadata, { note: 'hi' });
  assert.deepEqual(back.tensors.get('w')!.toArray(), [[1, 2], [3, 4]]);
  assert.equal(back.tensors.get('n')!.dtype, 'int32');
  assert.deepEqual(back.tensors.get('m')!.toArray(), [true, false]);
});

test('a hand-assembled file decodes, including other dtypes converted to float32 and int32', () => {
  const f16 = [0x3c00, 0xc000, 0x3555]; // 1, -2, ~0.333
  const bf16 = [0x3f80, 0x4049]; // 1, ~3.14
  const data: number[] = [];
  const push16 = (v: number) => data.push(v & 0xff, v >> 8);
  f16.forEach(push16);
  bf16.forEach(push16);
  const f64 = new Uint8Array(new Float64Array([0.5, -1e-3]).buffer);
  data.push(...f64);
  const i64 = new Uint8Array(new BigInt64Array([5n, -3n]).buffer);
  data.push(...i64);
  data.push(200);
  const file = rawFile({
    h: { dtype: 'F16', shape: [3], data_offsets: [0, 6] },
    b: { dtype: 'BF16', shape: [2], data_offsets: [6, 10] },
    d: { dtype: 'F64', shape: [2], data_offsets: [10, 26] },
    l: { dtype: 'I64', shape: [2], data_offsets: [26, 42] },
    u: { dtype: 'U8', shape: [1], data_offsets: [42, 43] },
  }, data);
  const { tensors } = decodeSafetensors(file, 'hand.safetensors');
  assert.deepEqual([...tensors.get('h')!.data()].map((v) => Number(v.toFixed(3))), [1, -2, 0.333]);
  assert.deepEqual([...tensors.get('b')!.data()].map((v) => Number(v.toFixed(2))), [1, 3.14]);
  assert.deepEqual([...tensors.get('d')!.data()].map((v) => Number(v.toFixed(4))), [0.5, -0.001]);
  assert.deepEqual([...tensors.get('l')!.data()], [5, -3]);
  assert.equal(tensors.get('l')!.dtype, 'int32');
  assert.deepEqual([...tensors.get('u')!.data()], [200]);
});

test('corrupt files are rejected with the file and the tensor named', () => {
  const good = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const cases: [string, Uint8Array, RegExp][] = [
    ['too short', new Uint8Array(5), /f\.st: file is 5 bytes, too short for the 8-byte header length/],
    ['header past the end', rawFile(good, f32Bytes([1, 2])).subarray(0, 20), /f\.st: header claims \d+ bytes but the file has only 12 after the length \(truncated\)/],
    ['data truncated', rawFile(good, f32Bytes([1, 2])).subarray(0, rawFile(good, []).length + 5), /f\.st: tensor 'w': data_offsets \[0, 8\] run past the end of the data section \(5 bytes\): the file is truncated/],
    ['unknown dtype', rawFile({ w: { dtype: 'F8', shape: [2], data_offsets: [0, 2] } }, [0, 0]), /f\.st: tensor 'w': unknown dtype "F8", expected one of/],
    ['size mismatch', rawFile({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32Bytes([1, 2])), /tensor 'w': data_offsets \[0, 8\] hold 8 bytes, but F32 \[3\] needs 12/],
    ['bad shape', rawFile({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }, []), /tensor 'w': shape \[-1\] is not a list of non-negative integers/],
    ['bad offsets', rawFile({ w: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, f32Bytes([1, 2])), /tensor 'w': data_offsets \[8,0\] is not \[begin, end\]/],
    ['overlap', rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32Bytes([1, 2])), /tensor 'b' \(bytes 4\.\.8\) overlaps tensor 'a'/],
    ['gap', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32Bytes([1, 2])), /bytes 0\.\.4 of the data section belong to no tensor \(before tensor 'a'\)/],
    ['trailing bytes', rawFile(good, [...f32Bytes([1, 2]), 0, 0]), /2 bytes after the last tensor belong to no tensor/],
    ['bad JSON', (() => { const f = rawFile(good, f32Bytes([1, 2])); f[8] = 0x5b; return f; })(), /f\.st: header is not valid JSON/],
    ['bad bool', rawFile({ m: { dtype: 'BOOL', shape: [1], data_offsets: [0, 1] } }, [7]), /f\.st: tensor 'm': BOOL element 0 has byte value 7/],
    ['metadata', rawFile({ __metadata__: { a: 1 } }, []), /__metadata__\.a is number, expected a string/],
  ];
  for (const [name, bytes, pattern] of cases) {
    assert.throws(() => decodeSafetensors(bytes, 'f.st'), (e: Error) => {
      assert.ok(e instanceof FileFormatError, name);
      assert.match(e.message, pattern, name);
      return true;
    });
  }
});

test('files are written atomically and read back; a missing file names its path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-st-'));
  const path = join(dir, 'w.safetensors');
  writeSafetensors(path, { a: tensor([1.5, -2]) });
  writeSafetensors(path, { a: tensor([3, 4]) });
  assert.deepEqual(readdirSync(dir), ['w.safetensors']);
  assert.deepEqual([...readSafetensors(path).tensors.get('a')!.data()], [3, 4]);
  assert.throws(() => readSafetensors(join(dir, 'none.safetensors')), /none\.safetensors: file not found/);
  writeFileSync(join(dir, 'bad.safetensors'), 'not a safetensors file at all');
  assert.throws(() => readSafetensors(join(dir, 'bad.safetensors')), /bad\.safetensors: header length \d+ exceeds/);
});
