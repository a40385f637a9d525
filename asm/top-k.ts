/**
 * The k largest entries of each row of `[outer, size]`, sorted descending, with their indices, in
 * the reference's order (NaN above everything, equal values by lower index first, −0 equal to +0).
 * Each element becomes one u64 key that orders exactly that way (an order-preserving map of the
 * value in the high word, the complemented index in the low word); a min-heap of the k largest keys
 * lives in the task's scratch, and a final heap sort leaves them descending.
 */

// Descriptor words.
const X = 0, VALUES = 1, INDICES = 2, OUTER = 3, SIZE = 4, K = 5, PER_TASK = 6, IS_INT = 7;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function key(x: usize, i: i32, isInt: bool): u64 {
  let ordered: u32;
  if (isInt) {
    ordered = load<u32>(x + (<usize>i << 2)) ^ 0x80000000;
  } else {
    const v = load<f32>(x + (<usize>i << 2));
    if (isNaN(v)) {
      ordered = 0xffffffff;
    } else {
      const bits = reinterpret<u32>(v + 0); // −0 + 0 = +0: signed zeros tie
      ordered = (bits >> 31) != 0 ? ~bits : bits ^ 0x80000000;
    }
  }
  return (<u64>ordered << 32) | <u64>(0xffffffff - <u32>i);
}

@inline function slot(heap: usize, i: i32): usize {
  return heap + (<usize>i << 3);
}

/** Restores the min-heap property below position `i` of a heap of `n` keys. */
function siftDown(heap: usize, i: i32, n: i32): void {
  const item = load<u64>(slot(heap, i));
  while (true) {
    let child = 2 * i + 1;
    if (child >= n) break;
    let c = load<u64>(slot(heap, child));
    if (child + 1 < n) {
      const right = load<u64>(slot(heap, child + 1));
      if (right < c) {
        child++;
        c = right;
      }
    }
    if (c >= item) break;
    store<u64>(slot(heap, i), c);
    i = child;
  }
  store<u64>(slot(heap, i), item);
}

function topRow(x: usize, size: i32, k: i32, isInt: bool, values: usize, indices: usize, heap: usize): void {
  for (let i = 0; i < k; i++) store<u64>(slot(heap, i), key(x, i, isInt));
  for (let i = k / 2 - 1; i >= 0; i--) siftDown(heap, i, k);
  for (let i = k; i < size; i++) {
    const candidate = key(x, i, isInt);
    if (candidate > load<u64>(heap)) {
      store<u64>(heap, candidate);
      siftDown(heap, 0, k);
    }
  }
  // Heap sort: moving each minimum to the end leaves the keys descending.
  for (let end = k - 1; end > 0; end--) {
    const least = load<u64>(heap);
    store<u64>(heap, load<u64>(slot(heap, end)));
    store<u64>(slot(heap, end), least);
    siftDown(heap, 0, end);
  }
  for (let j = 0; j < k; j++) {
    const index = <i32>(0xffffffff - <u32>load<u64>(slot(heap, j)));
    store<i32>(indices + (<usize>j << 2), index);
    store<u32>(values + (<usize>j << 2), load<u32>(x + (<usize>index << 2)));
  }
}

/** Rows `task·PER_TASK ...`; the heap (8·k bytes) lives in scratch. */
export function topKTask(desc: usize, task: i32, scratch: usize): void {
  const x = <usize>word(desc, X), values = <usize>word(desc, VALUES), indices = <usize>word(desc, INDICES);
  const outer = word(desc, OUTER), size = word(desc, SIZE), k = word(desc, K), perTask = word(desc, PER_TASK);
  const isInt = word(desc, IS_INT) != 0;
  const end = min(outer, (task + 1) * perTask);
  for (let o = task * perTask; o < end; o++) {
    const row = x + (<usize>o * <usize>size << 2);
    const outOffset = <usize>o * <usize>k << 2;
    topRow(row, size, k, isInt, values + outOffset, indices + outOffset, scratch);
  }
}
