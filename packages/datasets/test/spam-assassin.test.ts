import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../src/errors.js';
import { optionalPackageDir } from '../src/node/optional.js';
import { loadSpamAssassin, loadSpamAssassinEmails } from '../src/node/spam-assassin.js';

describe('SpamAssassin corpus', () => {
  it('decodes every file, with no empty text, in the groups the package documents', async () => {
    const { emails, stats } = await loadSpamAssassinEmails();
    expect(stats.files).toBe(6046);
    expect(stats.parsed).toBe(6046);
    expect(stats.empty).toEqual([]);
    expect(emails).toHaveLength(6046);
    expect(emails.every((e) => e.text.trim().length > 0)).toBe(true);
    // Folder sizes from the package README: easy-ham 2500 + 1400, hard-ham 250, spam 500 + 1396.
    const count = (f: (e: (typeof emails)[number]) => boolean) => emails.filter(f).length;
    expect(count((e) => e.group === 'easy_ham')).toBe(3900);
    expect(count((e) => e.group === 'hard_ham')).toBe(250);
    expect(count((e) => e.group === 'spam')).toBe(1896);
    expect(count((e) => e.label === 'spam')).toBe(1896);
    expect(count((e) => e.source === 'spam-2')).toBe(1396);
    expect(new Set(emails.map((e) => e.id)).size).toBe(6046);
    const sources = stats.bodySource;
    expect(sources.html + sources.text + sources.attachment + sources.raw + sources.none).toBe(6046);
    // Decoding really happened: MIME part headers survive only where a message quotes raw MIME in
    // its text or is malformed spam that mail clients show raw (a dozen of 6046), and no encoded words.
    expect(count((e) => /^Content-Transfer-Encoding:/im.test(e.text))).toBeLessThan(30);
    expect(count((e) => /=\?[\w-]+\?[QB]\?/i.test(e.text.split('\n')[0]))).toBe(0);
  });

  it('splits stratified by group, the same on every run (stored hash)', async () => {
    const a = await loadSpamAssassin();
    const b = await loadSpamAssassin({ seed: 42, dev: 0.1, test: 0.1 });
    const hash = (s: typeof a) =>
      createHash('sha256')
        .update(JSON.stringify([s.train.map((x) => x.id), s.dev.map((x) => x.id), s.test.map((x) => x.id)]))
        .digest('hex');
    expect(hash(b)).toBe(hash(a));
    expect(hash(a)).toBe('456b78f81116fb2d4a0038684c221e2ce53b54f41bc6765be9c549355fbd20e4');
    expect(a.labels).toEqual(['ham', 'spam']);
    // round(10%) of each group: easy 390, hard 25, spam 190.
    for (const part of [a.dev, a.test]) {
      expect(part.filter((e) => e.group === 'easy_ham')).toHaveLength(390);
      expect(part.filter((e) => e.group === 'hard_ham')).toHaveLength(25);
      expect(part.filter((e) => e.group === 'spam')).toHaveLength(190);
    }
    expect(a.train).toHaveLength(6046 - 2 * 605);
    expect(hash(await loadSpamAssassin({ seed: 1 }))).not.toBe(hash(a));
  });
});

describe('optional data packages', () => {
  it('name the package to install when it is missing', () => {
    let error: unknown;
    try {
      optionalPackageDir('@albert-ts/no-such-corpus', 'loadNothing');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('MISSING_PACKAGE');
    expect((error as DatasetError).message).toMatch(
      /loadNothing needs the optional package @albert-ts\/no-such-corpus.*npm install @albert-ts\/no-such-corpus/,
    );
  });
});
