/** Resolving losses by name, alias, class name and saved config. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError } from '../../../src/index.js';
import { BinaryCrossentropy, Huber, MeanSquaredError, getLoss, serializeLoss } from '../../../src/nn/losses/index.js';

test('Keras names, aliases, camelCase and class names resolve to the same loss', () => {
  const expectations: [string, string][] = [
    ['mse', 'mean_squared_error'], ['mean_squared_error', 'mean_squared_error'], ['meanSquaredError', 'mean_squared_error'],
    ['MeanSquaredError', 'mean_squared_error'], ['mae', 'mean_absolute_error'], ['meanAbsoluteError', 'mean_absolute_error'],
    ['huber', 'huber'], ['binary_crossentropy', 'binary_crossentropy'], ['binaryCrossentropy', 'binary_crossentropy'],
    ['categorical_crossentropy', 'categorical_crossentropy'], ['sparse_categorical_crossentropy', 'sparse_categorical_crossentropy'],
    ['sparseCategoricalCrossentropy', 'sparse_categorical_crossentropy'], ['kld', 'kl_divergence'], ['kl_divergence', 'kl_divergence'],
    ['kullback_leibler_divergence', 'kl_divergence'],
  ];
  for (const [identifier, name] of expectations) assert.equal(getLoss(identifier).name, name, identifier);
});

test('instances pass through; saved configs round-trip with their options', () => {
  const bce = new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
  assert.equal(getLoss(bce), bce);
  const restored = getLoss(serializeLoss(bce)) as BinaryCrossentropy;
  assert.ok(restored instanceof BinaryCrossentropy);
  assert.equal(restored.fromLogits, true);
  assert.equal(restored.labelSmoothing, 0.1);
  assert.equal((getLoss({ className: 'Huber', config: { delta: 2 } }) as Huber).delta, 2);
  assert.ok(getLoss({ className: 'MeanSquaredError' }) instanceof MeanSquaredError);
});

test('unknown names throw an ArgumentError listing the known ones', () => {
  assert.throws(() => getLoss('hinge_loss'), (e: unknown) =>
    e instanceof ArgumentError && /getLoss: unknown loss 'hinge_loss'; known: mean_squared_error, mse/.test(e.message));
  assert.throws(() => getLoss(42 as unknown as string), /getLoss: expected a loss name, a Loss or \{ className, config \}, got number 42/);
});
