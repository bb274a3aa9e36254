import { AlbertError, type AlbertErrorCode } from '@albert-ts/core';

/** What `exportOnnx` throws: the model, task or option that cannot be exported, and why. */
export class OnnxExportError extends AlbertError {
  constructor(code: AlbertErrorCode, message: string) {
    super(code, `ONNX export: ${message}`);
    this.name = 'OnnxExportError';
  }
}
