export type { TrainProgress, TrainUnigramOptions } from './options.js';
export { type TrainUnigramResult, type TrainUnigramStats, trainUnigram } from './train-unigram.js';
