import { readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getActivation } from '../src/activations.js';
import { AlbertConfig, AlbertModel, setupBackend } from '../src/index.js';
import { linearAct } from '../src/kernels/linear-gelu.js';
import { Linear } from '../src/nn/layers.js';

// When the FFN-in product and its GELU go to AlbertLinearGelu (one native kernel): only outside
// a gradient tape, only for the GELU activations, only where the kernel is registered. A spy
// kernel registered on cpu throws when called (fused-dispatch.test.ts does the same for the
// other fused ops); numerics of the real kernel: backend-native's linear-gelu.test.ts.

const base = readFixtureJson<Record<string, unknown>>('albert-tiny-grouped', 'config.json');
const config = (over: Record<string, unknown> = {}) => AlbertConfig.fromJSON({ ...base, ...over });
const inputs = { inputIds: [[2, 40, 41, 42, 3, 0]], attentionMask: [[1, 1, 1, 1, 1, 0]] };
const NAME = 'AlbertLinearGelu';

function spy(): void {
  tf.registerKernel({
    kernelName: NAME,
    backendName: 'cpu',
    kernelFunc: () => {
      throw new Error(`spy ${NAME} called`);
    },
  });
}

describe('linearAct: the FFN-in dense layer and GELU as one kernel', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });
  afterEach(() => {
    if (tf.getKernel(NAME, 'cpu')) tf.unregisterKernel(NAME, 'cpu');
  });

  it('without the kernel it is act(linear.forward(x)), bit for bit, and leaks nothing', () => {
    const lin = new Linear(16, 24);
    lin.weight.variable = tf.variable(tf.randomNormal([16, 24], 0, 0.3, 'float32', 1));
    lin.bias!.variable = tf.variable(tf.randomNormal([24], 0, 0.3, 'float32', 2));
    const x = tf.randomNormal([3, 5, 16], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    for (const name of ['gelu_new', 'gelu', 'gelu_fast', 'relu']) {
      const act = getActivation(name);
      const got = tf.tidy(() => linearAct(lin, x, act).arraySync());
      const want = tf.tidy(() => act(lin.forward(x)).arraySync());
      expect(got, name).toEqual(want);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, lin.weight.variable, lin.bias!.variable]);
  });

  it('the model reaches the kernel in inference, not under a tape, not for other activations', () => {
    const model = AlbertModel.fromConfig(config(), { seed: 2 });
    spy();
    expect(() => tf.tidy(() => void model.call(inputs))).toThrow(`spy ${NAME} called`);
    const w = model.namedParameters().find(([n]) => n.endsWith('ffn.weight'))![1] as tf.Variable;
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.square(model.call(inputs).lastHiddenState)),
      [w],
    );
    expect(tf.tidy(() => tf.max(tf.abs(grads[w.name])).dataSync()[0])).toBeGreaterThan(0);
    tf.dispose([value, grads[w.name]]);
    model.dispose();
    const relu = AlbertModel.fromConfig(config({ hidden_act: 'relu' }), { seed: 2 });
    tf.dispose(relu.call(inputs) as unknown as tf.TensorContainer);
    relu.dispose();
  });
});
