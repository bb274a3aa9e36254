import * as tf from '@tensorflow/tfjs-core';
import { AlbertConfig } from '../config.js';
import { AlbertError } from '../errors.js';
import { writeFiles } from '../io/fs.js';
import { writeSafetensors } from '../io/safetensors-write.js';
import { type PretrainedSource, resolveSource, type SourceOptions } from '../io/source.js';
import { tensorMapSource, type WeightSource } from '../io/weights.js';
import { Module, type Param } from '../nn/module.js';
import { seededNormal } from '../rng.js';

/** Keys a checkpoint held that the model did not use, or that the model wanted but did not find. */
export interface LoadReport {
  /** Model parameters absent from the checkpoint (freshly initialised, as HF does). */
  missingKeys: string[];
  /** Checkpoint tensors the model has no place for (ignored). */
  unexpectedKeys: string[];
  /** Shape mismatches skipped because `ignoreMismatchedSizes` was set (else they throw). */
  mismatchedKeys: string[];
}

export interface LoadOptions {
  /** Seed for parameters the checkpoint lacks (default: random). */
  seed?: number;
  /** Throw (code MISSING_WEIGHTS) when a parameter is missing or a tensor unexpected. */
  strict?: boolean;
  /** Initialise mismatched tensors afresh and report them instead of throwing (HF's flag). */
  ignoreMismatchedSizes?: boolean;
}

export interface FromPretrainedOptions extends LoadOptions, SourceOptions {
  /** Receives the load report; default: `console.warn` when something is missing or unexpected. */
  onReport?: (report: LoadReport) => void;
}

/** Tensors HF keeps as buffers (never parameters); old checkpoints may still carry them. */
const BUFFER_SUFFIXES = ['embeddings.position_ids', 'embeddings.token_type_ids'];

let nextInstance = 0;

type ModelClass<T> = new (config: AlbertConfig) => T;

function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/**
 * Base of every ALBERT model: the module tree root (child paths = HF `state_dict` names), weight
 * creation (HF init or a checkpoint), HF-layout views, safetensors export, disposal.
 */
export class AlbertPreTrainedModel extends Module {
  readonly config: AlbertConfig;
  /** Distinguishes this instance's tfjs variable names (`albert-ts/<id>/<hf name>`). */
  readonly instanceId: number;
  /** What the last `fromPretrained`/`loadWeights` found missing or unexpected. */
  loadReport: LoadReport | null = null;
  private disposed = false;

  constructor(config: AlbertConfig) {
    super();
    if (!(config instanceof AlbertConfig)) {
      throw new AlbertError(
        'INVALID_CONFIG',
        'model constructor: expected an AlbertConfig (use AlbertConfig.fromJSON)',
      );
    }
    this.config = config;
    this.instanceId = nextInstance++;
  }

  /** The HF class name written to config.json `architectures`. */
  get architecture(): string {
    return 'AlbertModel';
  }

  /** HF `base_model_prefix` as it appears in this model's names ('albert.' or '' for AlbertModel). */
  get basePrefix(): string {
    return 'albert.';
  }

  /** A fresh model with HF's initialisation, deterministic for `seed`. */
  static fromConfig<T extends AlbertPreTrainedModel>(
    this: ModelClass<T>,
    config: AlbertConfig | Record<string, unknown>,
    opts: { seed?: number } = {},
  ): T {
    const cfg = config instanceof AlbertConfig ? config : AlbertConfig.fromJSON(config);
    const model = new this(cfg);
    model.initWeights(opts.seed ?? randomSeed());
    return model;
  }

  /** Loads HF `config.json` + `model.safetensors` from a directory (Node), a URL or memory. */
  static async fromPretrained<T extends AlbertPreTrainedModel>(
    this: ModelClass<T>,
    source: PretrainedSource,
    opts: FromPretrainedOptions = {},
  ): Promise<T> {
    const { config, weights } = await resolveSource(source, opts);
    const model = new this(config);
    try {
      const report = model.loadWeights(weights, opts);
      if (opts.onReport) opts.onReport(report);
      else if (report.missingKeys.length || report.unexpectedKeys.length) {
        console.warn(
          `${model.architecture}.fromPretrained: missing keys [${report.missingKeys.join(', ')}], ` +
            `unexpected keys [${report.unexpectedKeys.join(', ')}]`,
        );
      }
    } catch (e) {
      model.dispose();
      throw e;
    }
    return model;
  }

  /** Unique parameters in tree order, and tied aliases (alias name → name it is listed under). */
  private uniqueParams(): { entries: Array<[string, Param]>; aliases: Map<string, string> } {
    const seen = new Map<Param, string>();
    const entries: Array<[string, Param]> = [];
    const aliases = new Map<string, string>();
    for (const [name, p] of this.walk()) {
      const first = seen.get(p);
      if (first !== undefined) aliases.set(name, first);
      else {
        seen.set(p, name);
        entries.push([name, p]);
      }
    }
    return { entries, aliases };
  }

  private checkAlive(): void {
    if (this.disposed) throw new AlbertError('DISPOSED', `${this.architecture} used after dispose()`);
  }

  /**
   * `[hfName, variable]` for every trainable parameter, each shared or tied variable once under
   * the name HF's safetensors file uses. Variables hold OUR layout (Linear weights `[in, out]`):
   * use `toHfLayout(name, t)` to turn a variable or its gradient into HF layout.
   */
  namedParameters(): Array<[string, tf.Variable]> {
    this.checkAlive();
    return this.uniqueParams().entries.map(([n, p]) => [n, p.value]);
  }

  /** Number of distinct parameter values (shared layers and tied weights counted once). */
  numParameters(): number {
    return this.uniqueParams().entries.reduce((s, [, p]) => s + p.hfShape.reduce((a, b) => a * b, 1), 0);
  }

  /** The parameter slot named `name` (a tied alias such as `predictions.decoder.weight` works too). */
  getParam(name: string): Param {
    const { entries, aliases } = this.uniqueParams();
    const primary = aliases.get(name) ?? name;
    const hit = entries.find(([n]) => n === primary);
    if (!hit) throw new AlbertError('INVALID_INPUT', `${this.architecture} has no parameter "${name}"`);
    return hit[1];
  }

  /** A NEW tensor in HF layout from `t` in the layout of parameter `name` (its variable or gradient). */
  toHfLayout(name: string, t: tf.Tensor): tf.Tensor {
    const p = this.getParam(name);
    const want = p.shape;
    if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
      throw new AlbertError(
        'SHAPE_MISMATCH',
        `toHfLayout(${name}): expected shape [${want}], found [${t.shape}]`,
      );
    }
    return p.toHf(t);
  }

  /** `Map<hfName, tensor in HF layout>` (new tensors: dispose them), tied weights listed once. */
  stateDict(): Map<string, tf.Tensor> {
    this.checkAlive();
    const out = new Map<string, tf.Tensor>();
    for (const [n, p] of this.uniqueParams().entries) out.set(n, p.toHf(p.value));
    return out;
  }

  private setParam(name: string, p: Param, hfData: Float32Array): void {
    const data = p.fromHfData(hfData);
    if (p.variable) {
      tf.tidy(() => p.variable!.assign(tf.tensor(data, p.shape, 'float32')));
      return;
    }
    const t = tf.tensor(data, p.shape, 'float32');
    p.variable = tf.variable(t, true, `albert-ts/${this.instanceId}/${name}`);
    t.dispose();
  }

  private initParam(name: string, p: Param, seed: number): void {
    const n = p.hfShape.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    if (p.init.kind === 'normal') {
      data = seededNormal(seed, name, n, this.config.initializerRange);
      const row = p.init.zeroRow;
      if (row != null && p.hfShape.length === 2 && row < p.hfShape[0]) {
        data.fill(0, row * p.hfShape[1], (row + 1) * p.hfShape[1]);
      }
    } else {
      data = new Float32Array(n).fill(p.init.kind === 'ones' ? 1 : 0);
    }
    this.setParam(name, p, data);
  }

  /** (Re)initialises every parameter as HF's `_init_weights`, deterministically for `seed`. */
  initWeights(seed: number): void {
    this.checkAlive();
    for (const [n, p] of this.uniqueParams().entries) this.initParam(n, p, seed);
  }

  /**
   * Loads HF-layout weights by name (a safetensors source or `Map<string, tf.Tensor>`), one tensor
   * at a time. Tied aliases (`predictions.decoder.*`) are accepted; a checkpoint of the bare
   * encoder loads into a head model and vice versa (HF's `albert.` prefix handling); buffers such
   * as `position_ids` are ignored. Shape mismatches throw unless `ignoreMismatchedSizes`.
   */
  loadWeights(source: WeightSource | Map<string, tf.Tensor>, opts: LoadOptions = {}): LoadReport {
    this.checkAlive();
    const src = source instanceof Map ? tensorMapSource(source) : source;
    const { entries, aliases } = this.uniqueParams();
    const fileNames = src.names();
    // Map checkpoint names to model names (HF base_model_prefix handling).
    const prefix = 'albert.';
    const modelHasPrefix = entries.some(([n]) => n.startsWith(prefix));
    const fileHasPrefix = fileNames.some((n) => n.startsWith(prefix));
    const toModel = (n: string): string => {
      if (modelHasPrefix && !fileHasPrefix) return prefix + n;
      if (!modelHasPrefix && fileHasPrefix && n.startsWith(prefix)) return n.slice(prefix.length);
      return n;
    };
    const byModelName = new Map<string, string>();
    for (const f of fileNames) byModelName.set(toModel(f), f);
    const primaryOf = new Map<string, string>();
    for (const [alias, primary] of aliases) primaryOf.set(alias, primary);

    const report: LoadReport = { missingKeys: [], unexpectedKeys: [], mismatchedKeys: [] };
    const known = new Set<string>(entries.map(([n]) => n));
    for (const [a] of aliases) known.add(a);
    for (const [m, f] of byModelName) {
      if (!known.has(m) && !BUFFER_SUFFIXES.some((s) => m.endsWith(s))) report.unexpectedKeys.push(f);
    }
    if (opts.strict && report.unexpectedKeys.length) {
      throw new AlbertError(
        'MISSING_WEIGHTS',
        `${this.architecture}: unexpected tensors [${report.unexpectedKeys.join(', ')}]`,
      );
    }
    const seed = opts.seed ?? randomSeed();
    for (const [name, p] of entries) {
      let file = byModelName.get(name);
      if (file === undefined) {
        for (const [alias, primary] of primaryOf) {
          if (primary === name && byModelName.has(alias)) file = byModelName.get(alias);
        }
      }
      if (file === undefined) {
        report.missingKeys.push(name);
        continue;
      }
      const shape = src.shape(file);
      const want = p.hfShape;
      if (shape.length !== want.length || shape.some((d, i) => d !== want[i])) {
        if (opts.ignoreMismatchedSizes) {
          report.mismatchedKeys.push(name);
          this.initParam(name, p, seed);
          continue;
        }
        throw new AlbertError(
          'SHAPE_MISMATCH',
          `${this.architecture}: tensor "${file}" has shape [${shape}], the config implies [${want}]`,
        );
      }
      this.setParam(name, p, src.read(file));
    }
    if (opts.strict && report.missingKeys.length) {
      throw new AlbertError(
        'MISSING_WEIGHTS',
        `${this.architecture}: missing tensors [${report.missingKeys.join(', ')}]`,
      );
    }
    for (const name of report.missingKeys) this.initParam(name, this.getParam(name), seed);
    this.loadReport = report;
    return report;
  }

  /** The weights as HF safetensors bytes (HF layout, tied weights once, sorted, 8-byte aligned header). */
  async toSafetensors(): Promise<Uint8Array> {
    this.checkAlive();
    const raws: Array<[string, { dtype: 'F32'; shape: number[]; data: Float32Array }]> = [];
    for (const [n, p] of this.uniqueParams().entries) {
      const t = p.toHf(p.value);
      try {
        raws.push([n, { dtype: 'F32', shape: [...p.hfShape], data: (await t.data()) as Float32Array }]);
      } finally {
        t.dispose();
      }
    }
    return writeSafetensors(raws);
  }

  /** HF `config.json` content for this model (with `architectures` set to this class). */
  configJson(): Record<string, unknown> {
    return { ...this.config.toJSON(), architectures: [this.architecture] };
  }

  /** `{config, weights}` in memory — what `fromPretrained` accepts back; browser-friendly. */
  async toPretrained(): Promise<{ config: Record<string, unknown>; weights: Uint8Array }> {
    return { config: this.configJson(), weights: await this.toSafetensors() };
  }

  /** Writes `config.json` and `model.safetensors` into `dir` (Node; created if needed). */
  async savePretrained(dir: string): Promise<void> {
    const { config, weights } = await this.toPretrained();
    await writeFiles(dir, {
      'config.json': `${JSON.stringify(config, null, 2)}\n`,
      'model.safetensors': weights,
    });
  }

  /** Frees every variable. The model cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    for (const [, p] of this.uniqueParams().entries) {
      p.variable?.dispose();
      p.variable = null;
    }
    this.disposed = true;
  }
}
