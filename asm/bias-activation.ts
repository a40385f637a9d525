/**
 * The fused tail of Dense and convolution layers, `out = act(x + bias)` over `[rows, channels]`, and
 * its gradient in one pass over dy: `dx = dy · act'(y)` and the bias gradient `Σ_rows dx` (each task
 * sums its rows into its own partial row; a last serial task adds the partial rows). The activation
 * is `linear` or `relu`; each has its own loop with the choice as a literal (see asm/binary.ts).
 */

// Activation codes, mirrored in src/backend/wasm/bias-activation.ts.
const LINEAR = 0, RELU = 1;
// Descriptor words. Forward: x, bias, out. Backward: dy, y, dx (0: not written), dBias, partial rows.
const ACT = 0, ROWS = 1, CHANNELS = 2, ROWS_PER_TASK = 3, TASKS = 4;
const X = 5, BIAS = 6, OUT = 7;
const DY = 5, Y = 6, DX = 7, D_BIAS = 8, PARTIAL = 9;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function forwardRows(act: i32, x: usize, bias: usize, out: usize, rows: i32, channels: i32): void {
  const rowBytes = <usize>channels << 2;
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const o = <usize>c << 2;
      let v = f32x4.add(v128.load(x + o), v128.load(bias + o));
      // v < 0 is false for NaN: kept, as the relu kernel.
      if (act == RELU) v = v128.andnot(v, f32x4.lt(v, zero));
      v128.store(out + o, v);
    }
    for (; c < channels; c++) {
      const o = <usize>c << 2;
      let v = load<f32>(x + o) + load<f32>(bias + o);
      if (act == RELU) v = v < 0 ? 0 : v;
      store<f32>(out + o, v);
    }
    x += rowBytes;
    out += rowBytes;
  }
}

function forwardLinear(x: usize, bias: usize, out: usize, rows: i32, channels: i32): void { forwardRows(LINEAR, x, bias, out, rows, channels); }
function forwardRelu(x: usize, bias: usize, out: usize, rows: i32, channels: i32): void { forwardRows(RELU, x, bias, out, rows, channels); }

/** Rows `task·ROWS_PER_TASK ...` of `out = act(x + bias)`. */
export function biasActivationTask(desc: usize, task: i32, scratch: usize): void {
  const channels = word(desc, CHANNELS), per = word(desc, ROWS_PER_TASK);
  const first = task * per;
  const rows = min(word(desc, ROWS), first + per) - first;
  const offset = <usize>first * (<usize>channels << 2);
  const x = <usize>word(desc, X) + offset, out = <usize>word(desc, OUT) + offset, bias = <usize>word(desc, BIAS);
  if (word(desc, ACT) == RELU) forwardRelu(x, bias, out, rows, channels);
  else forwardLinear(x, bias, out, rows, channels);
}

@inline function backwardRows(act: i32, dy: usize, y: usize, dx: usize, sums: usize, rows: i32, channels: i32): void {
  const rowBytes = <usize>channels << 2;
  const zero = f32x4.splat(0);
  memory.fill(sums, 0, rowBytes);
  for (let r = 0; r < rows; r++) {
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const o = <usize>c << 2;
      let g = v128.load(dy + o);
      // dy passes where y is positive or NaN, as reluGrad.
      if (act == RELU) g = v128.andnot(g, f32x4.le(v128.load(y + o), zero));
      if (dx != 0) v128.store(dx + o, g);
      v128.store(sums + o, f32x4.add(v128.load(sums + o), g));
    }
    for (; c < channels; c++) {
      const o = <usize>c << 2;
      let g = load<f32>(dy + o);
      if (act == RELU) g = load<f32>(y + o) <= 0 ? 0 : g;
      if (dx != 0) store<f32>(dx + o, g);
      store<f32>(sums + o, load<f32>(sums + o) + g);
    }
    dy += rowBytes;
    if (act == RELU) y += rowBytes;
    if (dx != 0) dx += rowBytes;
  }
}

function backwardLinear(dy: usize, y: usize, dx: usize, sums: usize, rows: i32, channels: i32): void { backwardRows(LINEAR, dy, y, dx, sums, rows, channels); }
function backwardRelu(dy: usize, y: usize, dx: usize, sums: usize, rows: i32, channels: i32): void { backwardRows(RELU, dy, y, dx, sums, rows, channels); }

/** Rows `task·ROWS_PER_TASK ...` of the gradient; their bias sums go to partial row `task`. */
export function biasActivationBackwardTask(desc: usize, task: i32, scratch: usize): void {
  const channels = word(desc, CHANNELS), per = word(desc, ROWS_PER_TASK);
  const first = task * per;
  const rows = min(word(desc, ROWS), first + per) - first;
  const offset = <usize>first * (<usize>channels << 2);
  const dx0 = <usize>word(desc, DX);
  const dy = <usize>word(desc, DY) + offset, y = <usize>word(desc, Y) + offset;
  const dx: usize = dx0 == 0 ? 0 : dx0 + offset;
  const sums = <usize>word(desc, PARTIAL) + (<usize>(task * channels) << 2);
  if (word(desc, ACT) == RELU) backwardRelu(dy, y, dx, sums, rows, channels);
  else backwardLinear(dy, y, dx, sums, rows, channels);
}

/** The last phase of the gradient (one task): `dBias = Σ_tasks partial[task]`. */
export function biasSumPartialsTask(desc: usize, task: i32, scratch: usize): void {
  const channels = word(desc, CHANNELS), tasks = word(desc, TASKS);
  const partial = <usize>word(desc, PARTIAL), dBias = <usize>word(desc, D_BIAS);
  const rowBytes = <usize>channels << 2;
  for (let c = 0; c < channels; c++) {
    const o = <usize>c << 2;
    let s: f32 = 0;
    for (let t = 0; t < tasks; t++) s += load<f32>(partial + <usize>t * rowBytes + o);
    store<f32>(dBias + o, s);
  }
}
