/**
 * The bench harness's pure helpers: merging rounds keeps each side's best figure per bench.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestOfRounds } from '../../bench/harness.js';

test('bestOfRounds keeps atelier and each peer at their own best, by unit direction, in first-seen order', () => {
  const merged = bestOfRounds([
    [
      { bench: 'lstm-train', unit: 'chars/s', atelier: 20000, peers: { 'pytorch-cpu2': 25000 } },
      { bench: 'conv-fwd', unit: 'ms', atelier: 3.1, peers: { 'pytorch-cpu2': 2.9 } },
    ],
    [
      { bench: 'conv-fwd', unit: 'ms', atelier: 2.8, peers: { 'pytorch-cpu2': 3.4, tfjs: 90 } },
      { bench: 'lstm-train', unit: 'chars/s', atelier: 26000, peers: { 'pytorch-cpu2': 21000 } },
    ],
  ]);
  assert.deepEqual(merged, [
    { bench: 'lstm-train', unit: 'chars/s', atelier: 26000, peers: { 'pytorch-cpu2': 25000 } },
    { bench: 'conv-fwd', unit: 'ms', atelier: 2.8, peers: { 'pytorch-cpu2': 2.9, tfjs: 90 } },
  ]);
});

test('bestOfRounds of one round is that round, and does not alias its objects', () => {
  const round = [{ bench: 'sgemm', unit: 'GFLOP/s', atelier: 80, peers: { 'pytorch-cpu2': 200 } }];
  const merged = bestOfRounds([round]);
  assert.deepEqual(merged, round);
  merged[0]!.peers['pytorch-cpu2'] = 1;
  assert.equal(round[0]!.peers['pytorch-cpu2'], 200);
});
