// Shared helpers of the native benchmarks: timing, peers (bench/peers at the repo root), machine
// info.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..', '..');
export const peersDir = join(repoRoot, 'bench', 'peers');
export const resultsDir = join(here, 'results');
export const PYTHON = process.env.ALBERT_PEER_PYTHON ?? '/usr/bin/python3';

export function readConfig(name) {
  return JSON.parse(readFileSync(join(peersDir, 'configs', name), 'utf8'));
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` warmup + iters times; returns per-iteration milliseconds. */
export async function timeIt(fn, { warmup = 2, iters = 7 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < iters; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

/** Runs the PyTorch peer; `passive` sets OMP_WAIT_POLICY=PASSIVE (no busy-waiting threads). */
export function peerTorch(args, { passive = false } = {}) {
  const out = execFileSync(PYTHON, [join(peersDir, 'albert_torch.py'), ...args], {
    env: passive ? { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } : process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

export function peerOrt(args) {
  const out = execFileSync(process.execPath, [join(peersDir, 'albert_ort.mjs'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadavg1: os.loadavg()[0],
    date: new Date().toISOString(),
  };
}

export function writeResult(name, obj) {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(obj, null, 2)}\n`);
  return path;
}

export function peakRssMb() {
  return process.resourceUsage().maxRSS / 1024;
}

/** 2 × multiply-adds of the encoder's matmuls (same formula as the peers). */
export function forwardFlops(c, batch, seq) {
  const h = c.hidden_size;
  const perLayer = 4 * h * h + 2 * h * c.intermediate_size;
  const layers = c.num_hidden_layers * c.inner_group_num;
  return 2 * batch * seq * (c.embedding_size * h + layers * (perLayer + 2 * seq * h)) + 2 * batch * h * h;
}
