// The test Hub lives in @albert-ts/test-support, shared with @albert-ts/hub's and the tokenizer's tests.
export * from '@albert-ts/test-support/hub-server';
