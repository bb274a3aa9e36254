import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * After a resume from step `step`, removes from a JSONL log the records of the steps that will be
 * run again (`step` field greater than `step`), and a partial last line a kill left. Hugging
 * Face's Trainer behaves the same way: its log history is restored from the checkpoint, so what
 * was logged after the checkpoint disappears and is logged again by the redone steps. `belongs`
 * limits the cut to this run's records when several runs share a file (default: every record).
 * The file is rewritten through a temp file and a rename, so a kill here loses nothing. Returns
 * the number of lines removed.
 */
export function dropRedoneRecords(
  path: string,
  step: number,
  belongs: (record: Record<string, unknown>) => boolean = () => true,
): number {
  if (!existsSync(path)) return 0;
  const lines = readFileSync(path, 'utf8').split('\n');
  const kept: string[] = [];
  let dropped = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      // Only the line a killed append left half-written can be unparsable.
      dropped++;
      continue;
    }
    const r = rec as Record<string, unknown>;
    if (r !== null && typeof r === 'object' && typeof r.step === 'number' && r.step > step && belongs(r)) {
      dropped++;
      continue;
    }
    kept.push(line);
  }
  if (dropped === 0) return 0;
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, kept.length ? `${kept.join('\n')}\n` : '');
  renameSync(tmp, path);
  return dropped;
}
