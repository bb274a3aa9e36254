export function lcg(seed: number): <T>(xs: readonly T[]) => T;
export function sentimentCsv(n: number, seed: number, filler?: number): string;
export function taggingJsonl(n: number, seed: number): string;
export function taskCorpus(): string;
