import type { Register } from '../program.js';
import { registerBench } from './bench.js';
import { registerConvert } from './convert.js';
import { registerDemo } from './demo.js';
import { registerEvaluate } from './evaluate.js';
import { registerExport } from './export.js';
import { registerFinetune } from './finetune.js';
import { registerInfo } from './info.js';
import { registerPredict } from './predict.js';
import { registerPretrain } from './pretrain.js';
import { registerPretrainData } from './pretrain-data.js';
import { registerServe } from './serve.js';
import { registerTokenize } from './tokenize.js';
import { registerTrainTokenizer } from './train-tokenizer.js';

/** Every subcommand, in the order `albert --help` lists them. */
export const COMMANDS: Register[] = [
  registerInfo,
  registerTokenize,
  registerTrainTokenizer,
  registerPretrain,
  registerPretrainData,
  registerFinetune,
  registerEvaluate,
  registerPredict,
  registerExport,
  registerConvert,
  registerServe,
  registerBench,
  registerDemo,
];
