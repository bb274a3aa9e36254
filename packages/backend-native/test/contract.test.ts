import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../src/addon.js';
import { ARG_BLOCKS } from '../src/kernels/args.js';
import { renderArgsHeader } from '../src/kernels/args-header.js';

// The JS ↔ C++ contract has one source, src/kernels/args.ts: native/args.h is generated from it
// (scripts/gen-native-args.mjs, in `pnpm build`), and both sides index the parameter blocks by
// those names only.

const dir = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const read = (rel: string) => readFileSync(dir(rel), 'utf8');
const filesIn = (rel: string, ext: string) =>
  readdirSync(dir(rel))
    .filter((f) => f.endsWith(ext))
    .map((f) => ({ name: f, text: read(`${rel}/${f}`) }));

describe('native contract', () => {
  it('native/args.h is generated from src/kernels/args.ts and up to date', () => {
    expect(
      read('../native/args.h'),
      'native/args.h is stale: run `pnpm --filter @albert-ts/backend-native build`',
    ).toBe(renderArgsHeader());
  });

  it('the TS kernels index parameter blocks by name, not by number', () => {
    for (const { name, text } of filesIn('../src/kernels', '.ts')) {
      expect(text.match(/\bp\[\s*\d/g), `${name}: p[<number>]`).toBeNull();
      if (name !== 'args.ts')
        expect(text.match(/new Float64Array\(/g), `${name}: new Float64Array`).toBeNull();
    }
  });

  it('each C++ entry reads its own block by name (XArg::k…), sized by kCount', () => {
    const sources = filesIn('../native', '.cc');
    const all = sources.map((s) => s.text).join('\n');
    for (const entry of Object.keys(ARG_BLOCKS)) {
      const struct = `${entry[0].toUpperCase()}${entry.slice(1)}Arg`;
      const reg = new RegExp(`"${entry}", Napi::Function::New\\(env, (\\w+)\\)`).exec(all);
      expect(reg, `no N-API registration of ${entry}`).not.toBeNull();
      const fn = reg![1];
      const start = all.indexOf(`Napi::Value ${fn}(const Napi::CallbackInfo& info) {`);
      expect(start, `no definition of ${fn}`).toBeGreaterThanOrEqual(0);
      const body = all.slice(start, all.indexOf('\n}\n', start));
      expect(body, `${fn} reads ${struct}`).toContain(`using A = ${struct};`);
      expect(body, `${fn} sizes its params by ${struct}::kCount`).toContain('Params p(info[1], A::kCount);');
    }
    for (const { name, text } of sources) {
      // gemm.cc's Operand::at reads its own scalar operand as p[0]: not a parameter block.
      const bare = text.split('\n').filter((l) => /\bp\[\s*\d/.test(l) && !/^\s*return p\[0\];$/.test(l));
      expect(bare, `${name}: p[<number>]`).toEqual([]);
      expect(text.match(/Params p\(info\[1\], \d/g), `${name}: Params sized by a number`).toBeNull();
    }
  });

  it("the built addon's entries take exactly the blocks args.ts describes", () => {
    const { addon, reason } = loadAddon();
    if (!addon) {
      console.warn(`native addon unavailable (${reason}); block sizes not checked against the binary`);
      return;
    }
    const heap = new Uint8Array(64);
    const fns = addon as unknown as Record<string, (heap: Uint8Array, p: Float64Array) => unknown>;
    for (const [entry, block] of Object.entries(ARG_BLOCKS)) {
      expect(typeof fns[entry], entry).toBe('function');
      expect(() => fns[entry](heap, new Float64Array(block.count - 1)), entry).toThrow(/too few params/);
      // A full block of zeros may be rejected for its values (e.g. rank 0), never for its length.
      let message = '';
      try {
        fns[entry](heap, new Float64Array(block.count));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, entry).not.toMatch(/too few params/);
    }
  });
});
