import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { DatasetError } from '../errors.js';

const require = createRequire(import.meta.url);

/**
 * Folder of an optional data package, resolved lazily so that users of the readers alone never
 * need it; a clear error names the package to install when it is missing.
 */
export function optionalPackageDir(name: string, purpose: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch (cause) {
    throw new DatasetError(
      'MISSING_PACKAGE',
      `${purpose} needs the optional package ${name}, which is not installed; run \`npm install ${name}\` (or pnpm add / yarn add)`,
      { cause },
    );
  }
}
