import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import type { AnyModel, ArchitectureName } from './loaders.js';

/** What the page has loaded. */
export interface Loaded {
  model: AnyModel;
  architecture: ArchitectureName;
  tokenizer: AlbertTokenizer;
}
