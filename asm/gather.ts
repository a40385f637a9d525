/**
 * Gather and its adjoint scatter-add over `[outer, size, inner]` views (embedding lookups and their
 * gradients, `take`, flat gathers). Gather copies one inner run per (outer, index) pair, any element
 * size; scatter-add gives each task a block of inner columns of one outer entry, so tasks write
 * disjoint parts of the output and repeated indices accumulate without atomics (in float32).
 */

// Descriptor words, mirrored in src/backend/wasm/gather.ts.
const X = 0, OUT = 1, INDICES = 2, OUTER = 3, SIZE = 4, INNER = 5, M = 6, ELEM_BYTES = 7, PER_TASK = 8;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Units `task·PER_TASK ...` of `out[o, j, :] = x[o, indices[j], :]`; a unit is one (o, j) pair. */
export function gatherTask(desc: usize, task: i32, scratch: usize): void {
  const outer = word(desc, OUTER), size = word(desc, SIZE), inner = word(desc, INNER), m = word(desc, M);
  const x = <usize>word(desc, X), out = <usize>word(desc, OUT), indices = <usize>word(desc, INDICES);
  const elemBytes = <usize>word(desc, ELEM_BYTES), perTask = word(desc, PER_TASK);
  const runBytes = <usize>inner * elemBytes;
  const end = min(outer * m, (task + 1) * perTask);
  let u = task * perTask;
  if (u >= end) return;
  let o = u / m, j = u % m;
  if (inner == 1 && elemBytes == 4) {
    // Single elements: a load and a store each, no copy call.
    for (; u < end; u++) {
      store<i32>(out + (<usize>u << 2), load<i32>(x + (<usize>(o * size + load<i32>(indices + (<usize>j << 2))) << 2)));
      if (++j == m) { j = 0; o++; }
    }
    return;
  }
  for (; u < end; u++) {
    const row = <usize>(o * size + load<i32>(indices + (<usize>j << 2)));
    memory.copy(out + <usize>u * runBytes, x + row * runBytes, runBytes);
    if (++j == m) { j = 0; o++; }
  }
}

/**
 * Task `task` of `out[o, indices[j], c] += updates[o, j, c]` (out zeroed here first): outer entry
 * `task / chunks`, columns `(task % chunks)·PER_TASK ...` of every row.
 */
export function scatterAddTask(desc: usize, task: i32, scratch: usize): void {
  const size = word(desc, SIZE), inner = word(desc, INNER), m = word(desc, M), perTask = word(desc, PER_TASK);
  const updates = <usize>word(desc, X), out = <usize>word(desc, OUT), indices = <usize>word(desc, INDICES);
  const chunks = (inner + perTask - 1) / perTask;
  const o = task / chunks;
  const c0 = (task % chunks) * perTask;
  const width = min(inner, c0 + perTask) - c0;
  const rowBytes = <usize>inner << 2;
  const outBase = out + <usize>o * <usize>size * rowBytes + (<usize>c0 << 2);
  const updBase = updates + <usize>o * <usize>m * rowBytes + (<usize>c0 << 2);
  for (let r = 0; r < size; r++) memory.fill(outBase + <usize>r * rowBytes, 0, <usize>width << 2);
  for (let j = 0; j < m; j++) {
    const dst = outBase + <usize>load<i32>(indices + (<usize>j << 2)) * rowBytes;
    const src = updBase + <usize>j * rowBytes;
    let c = 0;
    for (; c + 4 <= width; c += 4) {
      const off = <usize>c << 2;
      v128.store(dst + off, f32x4.add(v128.load(dst + off), v128.load(src + off)));
    }
    for (; c < width; c++) {
      const off = <usize>c << 2;
      store<f32>(dst + off, load<f32>(dst + off) + load<f32>(src + off));
    }
  }
}
