import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertPreTrainedModel } from '@albert-ts/core';
import { oneLine, UsageError } from '../util/errors.js';
import { requireDir } from '../util/files.js';
import type { Output } from '../util/output.js';

// biome-ignore lint/suspicious/noExplicitAny: any model class of core/heads
type ModelClass = abstract new (...args: any[]) => AlbertPreTrainedModel;

/**
 * Loads a model folder (HF layout) into the given class. A missing folder or file, or weights that
 * do not fit the config, is a usage error naming the folder; missing/unexpected tensors are
 * reported as one log line (as HF warns) rather than printed by the library.
 */
export async function loadModelDir<C extends ModelClass>(
  cls: C,
  dir: string,
  out: Output,
): Promise<InstanceType<C>> {
  requireDir(dir, 'model folder');
  for (const f of ['config.json', 'model.safetensors']) {
    if (!existsSync(join(dir, f))) throw new UsageError(`no ${f} in model folder ${dir}`);
  }
  try {
    const load = (cls as unknown as { fromPretrained(d: string, o: object): Promise<InstanceType<C>> })
      .fromPretrained;
    return await load.call(cls, dir, {
      onReport: (r: { missingKeys: string[]; unexpectedKeys: string[] }) => {
        if (r.missingKeys.length || r.unexpectedKeys.length) {
          out.event(
            'load',
            { dir, missing: r.missingKeys, unexpected: r.unexpectedKeys },
            `loaded ${dir}: ${r.missingKeys.length} tensor(s) newly initialised (${r.missingKeys.slice(0, 3).join(', ')}${r.missingKeys.length > 3 ? ', …' : ''}), ${r.unexpectedKeys.length} unused`,
          );
        }
      },
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (
      code &&
      ['INVALID_CONFIG', 'SHAPE_MISMATCH', 'INVALID_SAFETENSORS', 'IO', 'MISSING_WEIGHTS'].includes(code)
    ) {
      throw new UsageError(`cannot load model ${dir}: ${oneLine(err)}`);
    }
    throw err;
  }
}

/** The HF architecture name a folder's config.json declares (or undefined). */
export async function architectureOf(dir: string): Promise<string | undefined> {
  const { readFileSync } = await import('node:fs');
  try {
    const j = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { architectures?: string[] };
    return j.architectures?.[0];
  } catch {
    return undefined;
  }
}
