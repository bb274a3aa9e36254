import { setupBackend } from '@albert-ts/core';
import {
  AlbertForMaskedLM,
  AlbertForQuestionAnswering,
  AlbertForSequenceClassification,
  answer,
  classify,
  fillMask,
} from '@albert-ts/heads';
import { fixturePath } from '@albert-ts/test-support';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The same pipelines run in Node on the cpu backend: what the page's tables must show (the page
 * runs wasm in Chromium, so the numbers agree to float32 rounding, not bit for bit).
 */
export async function nodeReference(tokenizerBytes: Uint8Array) {
  await setupBackend({ backend: 'cpu', native: false });
  const tokenizer = AlbertTokenizer.fromBytes(tokenizerBytes);
  const quiet = { onReport: () => {} };
  return {
    async fillMask(text: string, topK: number) {
      const m = await AlbertForMaskedLM.fromPretrained(fixturePath('heads', 'masked-lm'), quiet);
      try {
        return await fillMask(m, tokenizer, text, { topK });
      } finally {
        m.dispose();
      }
    },
    /** Attention of token 0 in layer 0, per head, as the page's default heat map shows it. */
    async clsAttention(text: string) {
      const m = await AlbertForMaskedLM.fromPretrained(fixturePath('heads', 'masked-lm'), quiet);
      try {
        const enc = tokenizer.encode(text);
        const out = m.call({ inputIds: [enc.inputIds] }, { outputAttentions: true });
        const a = (await out.attentions![0].array()) as number[][][][];
        tf.dispose(out);
        return { tokens: tokenizer.convertIdsToTokens(enc.inputIds), rows: a[0].map((head) => head[0]) };
      } finally {
        m.dispose();
      }
    },
    async classify(text: string) {
      const m = await AlbertForSequenceClassification.fromPretrained(
        fixturePath('heads', 'sequence-classification'),
        quiet,
      );
      try {
        return await classify(m, tokenizer, text, { topK: null });
      } finally {
        m.dispose();
      }
    },
    async answer(question: string, context: string) {
      const m = await AlbertForQuestionAnswering.fromPretrained(
        fixturePath('heads', 'question-answering'),
        quiet,
      );
      try {
        return await answer(m, tokenizer, { question, context }, { topK: 3 });
      } finally {
        m.dispose();
      }
    },
  };
}
