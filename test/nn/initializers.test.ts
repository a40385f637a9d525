/** Initializers: fans, distributions and their statistics, orthogonality, identifiers and configs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, Random } from '../../src/index.js';
import {
  computeFans, getInitializer, glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, orthogonal, zeros, ones, constant,
  randomNormal, randomUniform, truncatedNormal, Initializer, initializerNames,
} from '../../src/nn/initializers.js';

function stats(values: Float32Array): { mean: number; std: number; min: number; max: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return { mean, std: Math.sqrt(variance / values.length), min, max };
}

test('fans follow Keras: dense [in, out], conv HWIO multiplies by the receptive field, vectors use their length', () => {
  assert.deepEqual(computeFans([784, 10]), { fanIn: 784, fanOut: 10 });
  assert.deepEqual(computeFans([3, 5, 16, 32]), { fanIn: 3 * 5 * 16, fanOut: 3 * 5 * 32 });
  assert.deepEqual(computeFans([7]), { fanIn: 7, fanOut: 7 });
  assert.deepEqual(computeFans([]), { fanIn: 1, fanOut: 1 });
});

test('glorotUniform stays within ±sqrt(6/(fanIn+fanOut)) and has the uniform variance limit²/3', () => {
  const shape = [200, 300];
  const w = glorotUniform().initialize(shape, new Random(1)).data<'float32'>();
  const limit = Math.sqrt(6 / 500);
  const s = stats(w);
  assert.ok(s.min >= -limit && s.max <= limit, `range [${s.min}, ${s.max}] exceeds ±${limit}`);
  assert.ok(s.max > 0.99 * limit && s.min < -0.99 * limit, 'samples should reach close to the limit');
  assert.ok(Math.abs(s.std - limit / Math.sqrt(3)) < 0.01 * limit, `std ${s.std}`);
  assert.ok(Math.abs(s.mean) < 0.01 * limit);
});

test('glorotUniform on a conv kernel uses the receptive field in its limit', () => {
  const w = glorotUniform().initialize([3, 3, 8, 16], new Random(2)).data<'float32'>();
  const limit = Math.sqrt(6 / (9 * 8 + 9 * 16));
  const s = stats(w);
  assert.ok(s.max <= limit && s.max > 0.95 * limit, `max ${s.max} vs limit ${limit}`);
});

test('truncated-normal variance scalings (heNormal, glorotNormal, lecunNormal) keep the target std and cut at 2 draws', () => {
  const cases: [Initializer, number][] = [
    [heNormal(), Math.sqrt(2 / 400)],
    [glorotNormal(), Math.sqrt(2 / (400 + 250))],
    [lecunNormal(), Math.sqrt(1 / 400)],
  ];
  for (const [init, target] of cases) {
    const w = init.initialize([400, 250], new Random(3)).data<'float32'>();
    const s = stats(w);
    assert.ok(Math.abs(s.std - target) < 0.02 * target, `${init.className}: std ${s.std}, expected ${target}`);
    // Keras draws with stddev target/0.8796 then truncates at two of those standard deviations.
    const cut = (2 * target) / 0.8796256610342398;
    assert.ok(s.max <= cut + 1e-6 && s.min >= -cut - 1e-6, `${init.className}: range [${s.min}, ${s.max}] beyond ±${cut}`);
  }
});

test('heUniform has limit sqrt(6/fanIn)', () => {
  const w = heUniform().initialize([50, 4000], new Random(4)).data<'float32'>();
  const limit = Math.sqrt(6 / 50);
  const s = stats(w);
  assert.ok(s.max <= limit && s.max > 0.99 * limit && s.min >= -limit);
});

function gram(w: Float32Array, rows: number, cols: number, byRows: boolean): number[][] {
  const n = byRows ? rows : cols;
  const len = byRows ? cols : rows;
  const at = (v: number, k: number) => (byRows ? w[v * cols + k]! : w[k * cols + v]!);
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let dot = 0;
    for (let k = 0; k < len; k++) dot += at(i, k) * at(j, k);
    return dot;
  }));
}

function assertIdentity(g: number[][], scale: number, label: string): void {
  g.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - (i === j ? scale : 0)) < 1e-4, `${label}: gram[${i}][${j}] = ${v}`)));
}

test('orthogonal: wide kernels have orthonormal rows, tall ones orthonormal columns, times gain²', () => {
  const wide = orthogonal().initialize([6, 24], new Random(5)).data<'float32'>(); // like an LSTM recurrent kernel [H, 4H]
  assertIdentity(gram(wide, 6, 24, true), 1, 'wide');
  const tall = orthogonal({ gain: 2 }).initialize([20, 5], new Random(6)).data<'float32'>();
  assertIdentity(gram(tall, 20, 5, false), 4, 'tall with gain 2');
  const conv = orthogonal().initialize([3, 3, 4, 8], new Random(7)).data<'float32'>(); // viewed as [36, 8]
  assertIdentity(gram(conv, 36, 8, false), 1, 'conv');
  assert.throws(() => orthogonal().initialize([5], new Random(1)), /Orthogonal: shape \[5\] has rank 1, expected at least 2/);
});

test('constants and plain distributions', () => {
  assert.deepEqual([...zeros().initialize([3], new Random(0)).data()], [0, 0, 0]);
  assert.deepEqual([...ones().initialize([2], new Random(0)).data()], [1, 1]);
  assert.deepEqual([...constant(0.5).initialize([2], new Random(0)).data()], [0.5, 0.5]);
  const n = stats(randomNormal({ mean: 1, stddev: 0.5 }).initialize([20000], new Random(8)).data<'float32'>());
  assert.ok(Math.abs(n.mean - 1) < 0.02 && Math.abs(n.std - 0.5) < 0.02, JSON.stringify(n));
  const u = stats(randomUniform({ minval: 2, maxval: 3 }).initialize([20000], new Random(9)).data<'float32'>());
  assert.ok(u.min >= 2 && u.max < 3 && Math.abs(u.mean - 2.5) < 0.02);
  const t = stats(truncatedNormal({ stddev: 0.1 }).initialize([20000], new Random(10)).data<'float32'>());
  assert.ok(t.min >= -0.2 && t.max <= 0.2);
  // Defaults are Keras': N(0, 0.05) and U(-0.05, 0.05).
  assert.deepEqual(randomNormal().getConfig(), { mean: 0, stddev: 0.05 });
  assert.deepEqual(randomUniform().getConfig(), { minval: -0.05, maxval: 0.05 });
});

test('the same seed gives the same weights; different seeds differ', () => {
  const a = glorotUniform().initialize([4, 5], new Random(42)).data();
  const b = glorotUniform().initialize([4, 5], new Random(42)).data();
  const c = glorotUniform().initialize([4, 5], new Random(43)).data();
  assert.deepEqual([...a], [...b]);
  assert.notDeepEqual([...a], [...c]);
});

test('string identifiers in every spelling, and config round trips through JSON', () => {
  for (const name of ['glorotUniform', 'glorot_uniform', 'GlorotUniform']) assert.equal(getInitializer(name).className, 'GlorotUniform');
  assert.equal(getInitializer('he_normal').className, 'HeNormal');
  assert.equal(getInitializer('orthogonal').className, 'Orthogonal');
  for (const init of [orthogonal({ gain: 3 }), constant(2), randomNormal({ mean: 1, stddev: 2 }), heNormal(), getInitializer({ className: 'VarianceScaling', config: { scale: 2, mode: 'fan_out', distribution: 'uniform' } })]) {
    const restored = getInitializer(JSON.parse(JSON.stringify(init.toConfig())));
    assert.equal(restored.className, init.className);
    assert.deepEqual(restored.getConfig(), init.getConfig());
    assert.deepEqual([...restored.initialize([3, 4], new Random(1)).data()], [...init.initialize([3, 4], new Random(1)).data()]);
  }
  assert.ok(initializerNames().includes('LecunNormal'));
  assert.throws(() => getInitializer('glorot_fancy'), (e: unknown) => e instanceof ArgumentError && /unknown initializer 'glorot_fancy', expected one of .*GlorotUniform/.test(e.message));
});
