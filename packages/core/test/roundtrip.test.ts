import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readFixtureBytes, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlbertModel, setupBackend } from '../src/index.js';

/** A minimal safetensors reader written here, independent of the package's parser. */
function minimalRead(bytes: Uint8Array): {
  headerLen: number;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON header
  header: Record<string, any>;
  data: Uint8Array;
} {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(dv.getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLen)).toString('utf8'));
  return { headerLen, header, data: bytes.subarray(8 + headerLen) };
}

function tensorValues(r: ReturnType<typeof minimalRead>, name: string): Float32Array {
  const [b, e] = r.header[name].data_offsets;
  return new Float32Array(r.data.slice(b, e).buffer);
}

describe('save / load round trip', () => {
  let dir: string;
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
    dir = await mkdtemp(join(tmpdir(), 'albert-core-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('a model saved and loaded again gives identical outputs and an HF-shaped file', async () => {
    const model = AlbertModel.fromConfig(readFixtureJson('albert-tiny-grouped', 'config.json'), { seed: 7 });
    const inputs = { inputIds: [[2, 10, 11, 3, 0]], attentionMask: [[1, 1, 1, 1, 0]] };
    const a = model.call(inputs);
    await model.savePretrained(join(dir, 'm'));
    const loaded = await AlbertModel.fromPretrained(join(dir, 'm'), { strict: true });
    const b = loaded.call(inputs);
    expect(b.lastHiddenState.arraySync()).toEqual(a.lastHiddenState.arraySync());
    expect(b.poolerOutput!.arraySync()).toEqual(a.poolerOutput!.arraySync());

    const bytes = new Uint8Array(await readFile(join(dir, 'm', 'model.safetensors')));
    const r = minimalRead(bytes);
    expect(r.headerLen % 8).toBe(0);
    expect(r.header.__metadata__).toEqual({ format: 'pt' });
    // HF layout: Linear weights [out, in]; the saved values are the model's weights transposed back.
    expect(r.header['encoder.embedding_hidden_mapping_in.weight'].shape).toEqual([32, 16]);
    const sd = model.stateDict();
    for (const [name, t] of sd) {
      expect(r.header[name].shape, name).toEqual(t.shape);
      expect([...tensorValues(r, name)], name).toEqual([...(t.dataSync() as Float32Array)]);
    }
    expect(Object.keys(r.header).length - 1).toBe(sd.size);
    const cfg = JSON.parse(await readFile(join(dir, 'm', 'config.json'), 'utf8'));
    expect(cfg.architectures).toEqual(['AlbertModel']);
    expect(cfg.model_type).toBe('albert');
    tf.dispose([...sd.values()]);
    tf.dispose([a, b] as unknown as tf.TensorContainer);
    model.dispose();
    loaded.dispose();
  });

  it('in memory: toPretrained() feeds fromPretrained({config, weights}); stateDict equals the checkpoint', async () => {
    const model = await AlbertModel.fromPretrained(fixturePath('albert-tiny'), { onReport: () => {} });
    const fixture = minimalRead(readFixtureBytes('albert-tiny', 'model.safetensors'));
    const sd = model.stateDict();
    for (const [name, t] of sd) {
      expect([...(t.dataSync() as Float32Array)], name).toEqual([...tensorValues(fixture, `albert.${name}`)]);
    }
    const copy = await AlbertModel.fromPretrained(await model.toPretrained(), { strict: true });
    const again = copy.stateDict();
    for (const [name, t] of sd) expect(again.get(name)!.arraySync(), name).toEqual(t.arraySync());
    // A Map of HF-layout tensors is a source too.
    const fromMap = await AlbertModel.fromPretrained(
      { config: model.configJson(), weights: sd },
      { strict: true },
    );
    expect(fromMap.numParameters()).toBe(model.numParameters());
    tf.dispose([...sd.values(), ...again.values()]);
    for (const m of [model, copy, fromMap]) m.dispose();
  });

  it('fromPretrained(url) fetches config.json and model.safetensors', async () => {
    const seen: string[] = [];
    const fakeFetch = (async (url: string) => {
      seen.push(url);
      const file = url.split('/').pop()!;
      if (file !== 'config.json' && file !== 'model.safetensors')
        return new Response('nope', { status: 404 });
      return new Response(readFixtureBytes('albert-tiny', file).slice().buffer as ArrayBuffer);
    }) as unknown as typeof fetch;
    const m = await AlbertModel.fromPretrained('https://example.test/models/tiny', {
      fetch: fakeFetch,
      onReport: () => {},
    });
    expect(seen.sort()).toEqual([
      'https://example.test/models/tiny/config.json',
      'https://example.test/models/tiny/model.safetensors',
    ]);
    expect(m.numParameters()).toBeGreaterThan(0);
    m.dispose();
    const broken = (async () => new Response('x', { status: 500 })) as unknown as typeof fetch;
    await expect(
      AlbertModel.fromPretrained(new URL('https://example.test/x/'), { fetch: broken }),
    ).rejects.toThrow(/HTTP 500/);
  });

  it('toHfLayout maps a variable (or its gradient) back to the HF tensor', async () => {
    const model = await AlbertModel.fromPretrained(fixturePath('albert-tiny'), { onReport: () => {} });
    const fixture = minimalRead(readFixtureBytes('albert-tiny', 'model.safetensors'));
    const name = 'encoder.albert_layer_groups.0.albert_layers.0.ffn.weight';
    const v = model.namedParameters().find(([n]) => n === name)![1];
    expect(v.shape).toEqual([32, 37]); // our layout [in, out]
    const hf = model.toHfLayout(name, v);
    expect(hf.shape).toEqual([37, 32]);
    expect([...(hf.dataSync() as Float32Array)]).toEqual([...tensorValues(fixture, `albert.${name}`)]);
    expect(() => model.toHfLayout(name, hf)).toThrow(/expected shape \[32,37\]/);
    hf.dispose();
    model.dispose();
  });
});
