/** The layer registry, Keras-style layer names, and config round trips of every built-in layer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError } from '../../../src/index.js';
import { layers } from '../../../src/index.js';
import { deserializeLayer, getLayerClass, registeredLayerNames, registerLayer } from '../../../src/nn/layers/index.js';
import type { Layer } from '../../../src/nn/layer.js';

/** The smallest valid options of every built-in layer class. */
export const minimalOptions: Record<string, Record<string, unknown>> = {
  Dense: { units: 2 },
  Conv2D: { filters: 2, kernelSize: 3 },
  Conv2DTranspose: { filters: 2, kernelSize: 3 },
  DepthwiseConv2D: { kernelSize: 3 },
  MaxPooling2D: {},
  AveragePooling2D: {},
  GlobalAveragePooling2D: {},
  GlobalMaxPooling2D: {},
  UpSampling2D: {},
  Flatten: {},
  Reshape: { targetShape: [-1] },
  Permute: { dims: [1] },
  Dropout: { rate: 0.5 },
  BatchNormalization: {},
  LayerNormalization: {},
  InstanceNormalization: {},
  Activation: { activation: 'relu' },
  ReLU: {},
  LeakyReLU: {},
  ELU: {},
  Softmax: {},
  Add: {},
  Concatenate: {},
  Embedding: { inputDim: 5, outputDim: 2 },
  ZeroPadding2D: {},
  SimpleRNN: { units: 2 },
  LSTM: { units: 2 },
  GRU: { units: 2 },
  MultiHeadAttention: { numHeads: 2, keyDim: 3 },
  PositionEmbedding: { maxLength: 4 },
};

test('every registered layer recreates itself from its JSON config', () => {
  const names = registeredLayerNames();
  assert.ok(names.length >= 22, `only ${names.length} layers registered`);
  for (const className of names) {
    const options = minimalOptions[className];
    assert.ok(options, `no minimal options for ${className}: add them to this test`);
    const ctor = getLayerClass(className)!;
    const layer = new ctor(options as never);
    assert.equal(layer.className, className, 'the class name in saved configs is the registered one');
    const config = JSON.parse(JSON.stringify(layer.toConfig()));
    const copy = deserializeLayer(config);
    assert.equal(copy.constructor, ctor);
    assert.deepEqual(copy.getConfig(), layer.getConfig(), className);
  }
});

test('deserializeLayer and registerLayer reject what they cannot honour', () => {
  assert.throws(() => deserializeLayer({ className: 'Dense3000', config: {} }), (e: unknown) => e instanceof ArgumentError && /unknown layer class 'Dense3000'; registered: .*Dense/.test(e.message));
  assert.throws(() => deserializeLayer(null as never), /deserializeLayer: expected \{className, config\}/);
  class NotDense extends layers.Dense {}
  assert.throws(() => registerLayer('Dense', NotDense), /registerLayer: 'Dense' is already registered to another class/);
  registerLayer('Dense', layers.Dense); // re-registering the same class is harmless
});

test('layer names follow Keras: class name in snake_case, numbered when repeated', () => {
  const cases: [Layer, RegExp][] = [
    [layers.conv2d({ filters: 1, kernelSize: 1 }), /^conv2d(_\d+)?$/],
    [layers.conv2dTranspose({ filters: 1, kernelSize: 1 }), /^conv2d_transpose(_\d+)?$/],
    [layers.batchNormalization(), /^batch_normalization(_\d+)?$/],
    [layers.maxPooling2d(), /^max_pooling2d(_\d+)?$/],
    [layers.relu(), /^re_lu(_\d+)?$/],
    [layers.globalAveragePooling2d(), /^global_average_pooling2d(_\d+)?$/],
  ];
  for (const [layer, pattern] of cases) assert.match(layer.name, pattern);
  const a = layers.dense({ units: 1 });
  const b = layers.dense({ units: 1 });
  assert.notEqual(a.name, b.name);
  assert.equal(layers.dense({ units: 1, name: 'head' }).name, 'head');
});
