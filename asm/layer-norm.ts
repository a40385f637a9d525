/**
 * Layer normalization over the last axis of `[rows, cols]`, a run of rows per task, each row in
 * one cache-resident sweep: forward the mean, the variance of the centred row (two passes: no
 * cancellation), then `out = (x − mean)·rstd·gamma + beta`; backward `dx = rstd·(g − mean(g) −
 * x̂·mean(g·x̂))` with `g = dy·gamma`, and each task's partial sums of `dy·x̂` and `dy` (the
 * gradients of gamma and beta) in its own `[2, cols]` block, added up by the caller.
 */

// Descriptor words, mirrored in src/backend/wasm/layer-norm.ts.
const X = 0, OUT = 1, GAMMA = 2, BETA = 3, MEAN = 4, RSTD = 5, ROWS = 6, COLS = 7, ROWS_PER_TASK = 8, EPSILON = 9;
const DY = 10, PARTIALS = 11;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function sum4(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** Normalises rows `task·ROWS_PER_TASK ...`; GAMMA and BETA may be 0 (scale 1, shift 0). */
export function layerNormTask(desc: usize, task: i32, scratch: usize): void {
  const cols = word(desc, COLS), perTask = word(desc, ROWS_PER_TASK);
  const gamma = <usize>word(desc, GAMMA), beta = <usize>word(desc, BETA);
  const epsilon = reinterpret<f32>(word(desc, EPSILON));
  const rowBytes = <usize>cols << 2;
  const end = min(word(desc, ROWS), (task + 1) * perTask);
  const inverse = <f32>1 / <f32>cols;
  for (let r = task * perTask; r < end; r++) {
    const x = <usize>word(desc, X) + <usize>r * rowBytes, out = <usize>word(desc, OUT) + <usize>r * rowBytes;
    let acc = f32x4.splat(0);
    let tail: f32 = 0;
    let c = 0;
    for (; c + 4 <= cols; c += 4) acc = f32x4.add(acc, v128.load(x + (<usize>c << 2)));
    for (; c < cols; c++) tail += load<f32>(x + (<usize>c << 2));
    const mean = (sum4(acc) + tail) * inverse;
    const m4 = f32x4.splat(mean);
    acc = f32x4.splat(0);
    tail = 0;
    for (c = 0; c + 4 <= cols; c += 4) {
      const d = f32x4.sub(v128.load(x + (<usize>c << 2)), m4);
      acc = f32x4.add(acc, f32x4.mul(d, d));
    }
    for (; c < cols; c++) {
      const d = load<f32>(x + (<usize>c << 2)) - mean;
      tail += d * d;
    }
    const rstd = <f32>1 / Mathf.sqrt((sum4(acc) + tail) * inverse + epsilon);
    store<f32>(<usize>word(desc, MEAN) + (<usize>r << 2), mean);
    store<f32>(<usize>word(desc, RSTD) + (<usize>r << 2), rstd);
    const s4 = f32x4.splat(rstd);
    for (c = 0; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      let v = f32x4.mul(f32x4.sub(v128.load(x + o), m4), s4);
      if (gamma) v = f32x4.mul(v, v128.load(gamma + o));
      if (beta) v = f32x4.add(v, v128.load(beta + o));
      v128.store(out + o, v);
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      let v = (load<f32>(x + o) - mean) * rstd;
      if (gamma) v *= load<f32>(gamma + o);
      if (beta) v += load<f32>(beta + o);
      store<f32>(out + o, v);
    }
  }
}

/**
 * Gradient of rows `task·ROWS_PER_TASK ...`: OUT receives dx; PARTIALS + task·8·COLS bytes receives
 * this task's `Σ dy·x̂` (COLS floats) then `Σ dy` (COLS floats).
 */
export function layerNormBackwardTask(desc: usize, task: i32, scratch: usize): void {
  const cols = word(desc, COLS), perTask = word(desc, ROWS_PER_TASK);
  const gamma = <usize>word(desc, GAMMA);
  const rowBytes = <usize>cols << 2;
  const gammaSums = <usize>word(desc, PARTIALS) + <usize>task * (rowBytes << 1), betaSums = gammaSums + rowBytes;
  memory.fill(gammaSums, 0, rowBytes << 1);
  const end = min(word(desc, ROWS), (task + 1) * perTask);
  const inverse = <f32>1 / <f32>cols;
  for (let r = task * perTask; r < end; r++) {
    const x = <usize>word(desc, X) + <usize>r * rowBytes, dy = <usize>word(desc, DY) + <usize>r * rowBytes;
    const dx = <usize>word(desc, OUT) + <usize>r * rowBytes;
    const mean = load<f32>(<usize>word(desc, MEAN) + (<usize>r << 2)), rstd = load<f32>(<usize>word(desc, RSTD) + (<usize>r << 2));
    const m4 = f32x4.splat(mean), s4 = f32x4.splat(rstd);
    let accG = f32x4.splat(0), accGX = f32x4.splat(0);
    let tailG: f32 = 0, tailGX: f32 = 0;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      const xhat = f32x4.mul(f32x4.sub(v128.load(x + o), m4), s4);
      const d = v128.load(dy + o);
      const g = gamma ? f32x4.mul(d, v128.load(gamma + o)) : d;
      accG = f32x4.add(accG, g);
      accGX = f32x4.add(accGX, f32x4.mul(g, xhat));
      v128.store(gammaSums + o, f32x4.add(v128.load(gammaSums + o), f32x4.mul(d, xhat)));
      v128.store(betaSums + o, f32x4.add(v128.load(betaSums + o), d));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      const xhat = (load<f32>(x + o) - mean) * rstd;
      const d = load<f32>(dy + o);
      const g = gamma ? d * load<f32>(gamma + o) : d;
      tailG += g;
      tailGX += g * xhat;
      store<f32>(gammaSums + o, load<f32>(gammaSums + o) + d * xhat);
      store<f32>(betaSums + o, load<f32>(betaSums + o) + d);
    }
    const a = (sum4(accG) + tailG) * inverse, b = (sum4(accGX) + tailGX) * inverse;
    const a4 = f32x4.splat(a), b4 = f32x4.splat(b);
    for (c = 0; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      const xhat = f32x4.mul(f32x4.sub(v128.load(x + o), m4), s4);
      const d = v128.load(dy + o);
      const g = gamma ? f32x4.mul(d, v128.load(gamma + o)) : d;
      v128.store(dx + o, f32x4.mul(s4, f32x4.sub(f32x4.sub(g, a4), f32x4.mul(xhat, b4))));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      const xhat = (load<f32>(x + o) - mean) * rstd;
      const d = load<f32>(dy + o);
      const g = gamma ? d * load<f32>(gamma + o) : d;
      store<f32>(dx + o, rstd * (g - a - xhat * b));
    }
  }
}
