// The code blocks of a README, as the consumer tests run them. A block is run unless the line
// before it is `<!-- readme-test: skip (reason) -->`; a ```text block right after a code block
// (optionally after a line "Prints:") is the output that block must print.
import { readFileSync } from 'node:fs';

const FENCE = /^(\s*)```([\w-]*)\s*(.*)$/;

/** `{ lang, code, line, expect?, skip? }` for each fenced block of `file` (output blocks folded in). */
export function readmeBlocks(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks = [];
  let prose = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]);
    if (!m) {
      if (lines[i].trim() !== '') prose.push(lines[i].trim());
      continue;
    }
    const start = i;
    const body = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i].slice(m[1].length));
    const lang = m[2].toLowerCase();
    const last = prose.at(-1) ?? '';
    const prev = blocks.at(-1);
    if (
      lang === 'text' &&
      prev &&
      !prev.expect &&
      prose.length <= 1 &&
      (prose.length === 0 || /^prints:?$/i.test(last))
    ) {
      prev.expect = body.join('\n');
    } else {
      const skip = /^<!--\s*readme-test:\s*skip\s*\((.+)\)\s*-->$/.exec(last)?.[1];
      blocks.push({ lang, code: body.join('\n'), line: start + 1, ...(skip ? { skip } : {}) });
    }
    prose = [];
  }
  return blocks;
}

/** What a block is for the harness: JavaScript/TypeScript to run, shell lines, or prose-like text. */
export function blockKind(lang) {
  if (['js', 'mjs', 'javascript', 'ts', 'typescript'].includes(lang)) return 'module';
  if (['sh', 'bash', 'shell', 'console'].includes(lang)) return 'shell';
  return 'other';
}
