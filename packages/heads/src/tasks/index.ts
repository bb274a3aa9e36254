// Fine-tuning tasks as data: encoding examples into model inputs, padding, and predictions.

export { argmax } from '../pipelines/task-common.js';
export { classIds, encodeTaskInputs } from './encode-task.js';
export { clipText, encodeHeadTail, encodeTextExamples, encodeTexts } from './encode-text.js';
export { type PaddedBatch, padChoiceInputs, padInputs } from './pad-inputs.js';
export { type PredictTaskOptions, predictTask } from './predict-task.js';
export { choiceInputs, qaInputs } from './qa-choice-inputs.js';
export { disposeOutput, lengthSortedBatches, logitsInOrder, type TaskModel } from './task-inference.js';
export * from './task-types.js';
export { alignWords, predictWordTags, wordTags } from './word-alignment.js';
