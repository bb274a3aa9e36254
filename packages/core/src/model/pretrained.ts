import * as tf from '@tensorflow/tfjs-core';
import { AlbertConfig } from '../config.js';
import {
  checkConfigBudget,
  checkMaxParameters,
  checkParameterBudget,
  DEFAULT_MAX_PARAMETERS,
} from '../config-budget.js';
import { AlbertError, SafetensorsError } from '../errors.js';
import { replaceDir } from '../io/atomic-dir.js';
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

/**
 * How a checkpoint's weights are loaded into a model: seed for missing parameters, strictness, size
 * mismatches, the parameter budget.
 */
export interface LoadOptions {
  /** Seed for parameters the checkpoint lacks (default: random). */
  seed?: number;
  /** Throw (code MISSING_WEIGHTS) when a parameter is missing or a tensor unexpected. */
  strict?: boolean;
  /** Initialise mismatched tensors afresh and report them instead of throwing (HF's flag). */
  ignoreMismatchedSizes?: boolean;
  /**
   * Refuse (ModelSizeError, code INVALID_CONFIG) a model of more parameters than this, before
   * anything is allocated. Default {@link DEFAULT_MAX_PARAMETERS} (2.5e8 = 1 GB of float32);
   * `Infinity` turns the budget off (tensors above 2^31-1 elements are refused regardless).
   */
  maxParameters?: number;
}

/** Checkpoint dtypes that load as float32 weights. */
const FLOAT_DTYPES = new Set(['F32', 'F16', 'BF16', 'F64']);

export interface FromPretrainedOptions extends LoadOptions, SourceOptions {
  /** Receives the load report; default: `console.warn` when something is missing or unexpected. */
  onReport?: (report: LoadReport) => void;
}

/** Tensors HF keeps as buffers (never parameters); old checkpoints may still carry them. */
const BUFFER_SUFFIXES = ['embeddings.position_ids', 'embeddings.token_type_ids'];

let nextInstance = 0;

/**
 * A model class, as the `this` of the static constructors (`AlbertForMaskedLM.fromConfig` returns
 * an `AlbertForMaskedLM`).
 */
export type ModelClass<T> = new (config: AlbertConfig) => T;

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
  /** The parameter budget `initWeights`/`loadWeights` enforce (set by fromConfig/fromPretrained). */
  maxParameters: number = DEFAULT_MAX_PARAMETERS;
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

  /**
   * A fresh model with HF's initialisation, deterministic for `seed`. A config implying more
   * than `maxParameters` (default 2.5e8) is refused before anything is allocated.
   */
  static fromConfig<T extends AlbertPreTrainedModel>(
    this: ModelClass<T>,
    config: AlbertConfig | Record<string, unknown>,
    opts: { seed?: number; maxParameters?: number } = {},
  ): T {
    const limit = checkMaxParameters(opts.maxParameters);
    const cfg = config instanceof AlbertConfig ? config : AlbertConfig.fromJSON(config);
    checkConfigBudget(cfg, limit);
    const model = new this(cfg);
    model.maxParameters = limit;
    model.initWeights(opts.seed ?? randomSeed());
    return model;
  }

  /** Loads HF `config.json` + `model.safetensors` from a directory (Node), a URL or memory. */
  static async fromPretrained<T extends AlbertPreTrainedModel>(
    this: ModelClass<T>,
    source: PretrainedSource,
    opts: FromPretrainedOptions = {},
  ): Promise<T> {
    const limit = checkMaxParameters(opts.maxParameters);
    const { config, weights } = await resolveSource(source, opts, (c) => checkConfigBudget(c, limit));
    const model = new this(config);
    model.maxParameters = limit;
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

  /**
   * Refuses (ModelSizeError) this model's exact parameter set when it exceeds `limit` or holds a
   * tensor no backend can allocate: checked from the shapes, before any weight exists.
   */
  private checkSize(limit: number): void {
    const shapes = this.uniqueParams().entries.map(([name, p]) => ({ name, shape: p.hfShape }));
    checkParameterBudget(this.config, shapes, limit, this.architecture);
  }

  /** (Re)initialises every parameter as HF's `_init_weights`, deterministically for `seed`. */
  initWeights(seed: number): void {
    this.checkAlive();
    this.checkSize(this.maxParameters);
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
    this.checkSize(
      opts.maxParameters === undefined ? this.maxParameters : checkMaxParameters(opts.maxParameters),
    );
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
    // Every declared shape and dtype is checked against the config before any data is read or
    // any weight allocated: a checkpoint that cannot fit is refused whole, not half-loaded.
    // file null: initialised afresh (missing, or mismatched with ignoreMismatchedSizes).
    const plan: Array<{ name: string; p: Param; file: string | null }> = [];
    const fresh: Array<{ name: string; p: Param; file: null }> = [];
    const mismatched: string[] = [];
    for (const [name, p] of entries) {
      let file = byModelName.get(name);
      if (file === undefined) {
        for (const [alias, primary] of primaryOf) {
          if (primary === name && byModelName.has(alias)) file = byModelName.get(alias);
        }
      }
      if (file === undefined) {
        report.missingKeys.push(name);
        fresh.push({ name, p, file: null });
        continue;
      }
      const shape = src.shape(file);
      const want = p.hfShape;
      if (shape.length !== want.length || shape.some((d, i) => d !== want[i])) {
        if (opts.ignoreMismatchedSizes) {
          report.mismatchedKeys.push(name);
          plan.push({ name, p, file: null });
          continue;
        }
        mismatched.push(`tensor "${file}" has shape [${shape}], the config implies [${want}]`);
        continue;
      }
      const dtype = src.dtype?.(file);
      if (dtype !== undefined && !FLOAT_DTYPES.has(dtype)) {
        const msg = `tensor "${file}": dtype ${dtype} cannot be read as float32 weights`;
        if (dtype === dtype.toUpperCase()) throw new SafetensorsError('UNSUPPORTED_DTYPE', msg);
        throw new AlbertError('INVALID_INPUT', `weights: ${msg}`);
      }
      plan.push({ name, p, file });
    }
    if (mismatched.length) {
      const more = mismatched.length > 1 ? ` (and ${mismatched.length - 1} more mismatched tensors)` : '';
      throw new AlbertError('SHAPE_MISMATCH', `${this.architecture}: ${mismatched[0]}${more}`);
    }
    if (opts.strict && report.missingKeys.length) {
      throw new AlbertError(
        'MISSING_WEIGHTS',
        `${this.architecture}: missing tensors [${report.missingKeys.join(', ')}]`,
      );
    }
    const seed = opts.seed ?? randomSeed();
    for (const { name, p, file } of plan) {
      if (file === null) this.initParam(name, p, seed);
      else this.setParam(name, p, src.read(file));
    }
    // Missing ones last (as before), from the entries at hand: getParam walks the tree each call.
    for (const { name, p } of fresh) this.initParam(name, p, seed);
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

  /**
   * Writes `config.json` and `model.safetensors` as the folder `dir` (Node; created if needed),
   * atomically: a process killed mid-save leaves `dir` as it was or complete, never half-written
   * (other files already in `dir` are kept). Stale temp folders of earlier killed saves are removed.
   */
  async savePretrained(dir: string): Promise<void> {
    const { config, weights } = await this.toPretrained();
    await replaceDir(dir, {
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
