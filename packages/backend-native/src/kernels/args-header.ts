import { ARG_BLOCKS, CONSTANTS, OP_CODES } from './args.js';

// Renders native/args.h from args.ts (the source of truth). Used by scripts/gen-native-args.mjs
// (run by `pnpm build`) and by test/contract.test.ts (the committed header must equal this).

const cxx = (name: string) => `k${name[0].toUpperCase()}${name.slice(1)}`;

/** `head { a, b, … };` with the items wrapped at 100 columns. */
function braced(head: string, items: string[], indent: string): string[] {
  const lines = [`${indent}${head} {`];
  let line = `${indent}  `;
  for (const [i, item] of items.entries()) {
    const piece = `${item}${i < items.length - 1 ? ',' : ''}`;
    if (line.trim() && line.length + 1 + piece.length > 100) {
      lines.push(line.trimEnd());
      line = `${indent}  `;
    }
    line += `${line.trim() ? ' ' : ''}${piece}`;
  }
  lines.push(line.trimEnd(), `${indent}};`);
  return lines;
}

/** The text of native/args.h. */
export function renderArgsHeader(): string {
  const out: string[] = [
    '// GENERATED from src/kernels/args.ts by scripts/gen-native-args.mjs (run by `pnpm build`):',
    "// do not edit. The layout of each addon entry's Float64Array parameter block and the op",
    '// codes the kernels read, the JS <-> C++ contract. No N-API here: the per-CPU translation',
    '// units include it too (through ops.h).',
    '#pragma once',
    '',
    'namespace albert {',
    '',
  ];
  for (const [name, value] of Object.entries(CONSTANTS)) out.push(`constexpr int k${name} = ${value};`);
  out.push('');
  for (const [name, spec] of Object.entries(OP_CODES)) {
    const entries = Object.entries(spec.codes as Record<string, number>);
    const items = entries.map(([k, v]) => `${spec.prefix}${k} = ${v}`);
    if (!('last' in spec && spec.last === false)) {
      items.push(`${spec.prefix}Last = ${Math.max(...entries.map(([, v]) => v))}`);
    }
    out.push(...braced(`enum ${name}`, items, ''), '');
  }
  for (const [entry, block] of Object.entries(ARG_BLOCKS)) {
    const fields = Object.entries(block as Record<string, number>).filter(([k]) => k !== 'count');
    const struct = `${entry[0].toUpperCase()}${entry.slice(1)}Arg`;
    const items = [...fields.map(([k, v]) => `${cxx(k)} = ${v}`), `kCount = ${block.count}`];
    out.push(`// ${entry}(heap, params)`, `struct ${struct} {`);
    out.push(...braced('enum : int', items, '  '), '};', '');
  }
  out.pop();
  out.push('', '}  // namespace albert', '');
  return out.join('\n');
}
