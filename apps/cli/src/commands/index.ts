import type { Register } from '../program.js';
import { registerBench } from './bench.js';
import { registerDemo } from './demo.js';
import { registerEvaluate } from './evaluate.js';
import { registerFinetune } from './finetune.js';
import { registerInfo } from './info.js';
import { registerPredict } from './predict.js';
import { registerPretrain } from './pretrain.js';
import { registerTokenize } from './tokenize.js';
import { registerTrainTokenizer } from './train-tokenizer.js';

/** Every subcommand, in the order `albert --help` lists them. */
export const COMMANDS: Register[] = [
  registerInfo,
  registerTokenize,
  registerTrainTokenizer,
  registerPretrain,
  registerFinetune,
  registerEvaluate,
  registerPredict,
  registerBench,
  registerDemo,
];
