import { startBackend } from './backend.js';
import { byId, el, showError } from './dom.js';
import {
  type AnyModel,
  type ArchitectureName,
  absoluteUrl,
  isClassifier,
  isMlm,
  isQa,
  loadModel,
  loadTokenizer,
  MODEL_CLASSES,
  type ModelSource,
  tokenizerFromLocal,
} from './loaders.js';
import { readLocalModel } from './local-files.js';
import { servedModels } from './served-models.js';
import type { Loaded } from './state.js';
import { installTestHook } from './test-hook.js';
import { renderAnswer } from './views/answer.js';
import { renderAttention } from './views/attention.js';
import { renderClassify } from './views/classify.js';
import { renderFillMask } from './views/fill-mask.js';

let loaded: Loaded | null = null;
const status = byId('status');

function setStatus(text: string, state: 'idle' | 'busy' | 'ready' | 'error'): void {
  status.textContent = text;
  status.dataset.state = state;
}

/** Which task sections a model can serve (`data-needs` on each section). */
function supports(model: AnyModel, need: string | undefined): boolean {
  if (need === 'mlm') return isMlm(model);
  if (need === 'classify') return isClassifier(model);
  if (need === 'qa') return isQa(model);
  return need === 'any';
}

/** Where the page loads a model from: URLs typed (or listed by `albert serve`), or local files. */
type LoadRequest =
  | { kind: 'urls'; modelUrl: string; tokenizerUrl: string }
  | { kind: 'files'; files: File[] };

async function modelAndTokenizer(req: LoadRequest, as: ArchitectureName | 'auto') {
  if (req.kind === 'urls') {
    return Promise.all([loadModel(req.modelUrl, as), loadTokenizer(req.tokenizerUrl)]);
  }
  // Read in the page: nothing is uploaded, no server is needed.
  const local = await readLocalModel(req.files);
  const source: ModelSource = { config: local.config, weights: local.weights };
  return Promise.all([loadModel(source, as), tokenizerFromLocal(local.tokenizer)]);
}

async function load(req: LoadRequest, as: ArchitectureName | 'auto'): Promise<void> {
  const button = byId<HTMLButtonElement>('load-button');
  button.disabled = true;
  setStatus(req.kind === 'files' ? 'Reading the local files…' : 'Loading model and tokenizer…', 'busy');
  try {
    const backend = await startBackend();
    const [m, tokenizer] = await modelAndTokenizer(req, as);
    loaded?.model.dispose();
    loaded = { model: m.model, architecture: m.architecture, tokenizer };
    for (const section of document.querySelectorAll<HTMLElement>('section.task')) {
      section.hidden = !supports(m.model, section.dataset.needs);
      byId(`${section.id}-out`).replaceChildren();
    }
    const cfg = m.model.config;
    const notes = [...m.warnings];
    if (tokenizer.vocabSize > cfg.vocabSize) {
      notes.push(
        `the tokenizer has ${tokenizer.vocabSize} pieces but the model only ${cfg.vocabSize}: texts with ids past it will fail`,
      );
    }
    setStatus(
      `Loaded ${m.architecture}: ${cfg.numHiddenLayers} layers, hidden ${cfg.hiddenSize}, ` +
        `${(m.model.numParameters() / 1e6).toFixed(2)}M parameters, vocabulary ${tokenizer.vocabSize}; ` +
        `backend ${backend.backend}.${notes.length ? ` Note: ${notes.join('; ')}.` : ''}`,
      'ready',
    );
  } catch (e) {
    setStatus(`Could not load: ${e instanceof Error ? e.message : String(e)}`, 'error');
  } finally {
    button.disabled = false;
  }
}

/** Wires a task form: runs `task` with the loaded model, shows its errors in the output area. */
function onTask(formId: string, outId: string, task: (l: Loaded, out: HTMLElement) => Promise<void>): void {
  const form = byId<HTMLFormElement>(formId);
  const out = byId(outId);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!loaded) return;
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    out.dataset.state = 'busy';
    out.replaceChildren(el('p', { class: 'muted' }, ['running…']));
    try {
      await task(loaded, out);
      out.dataset.state = 'done';
    } catch (e) {
      showError(out, e);
      out.dataset.state = 'error';
    } finally {
      if (button) button.disabled = false;
    }
  });
}

/** Buttons for the models the server lists (`albert serve`); nothing on a plain static host. */
async function listServedModels(select: HTMLSelectElement): Promise<void> {
  const served = await servedModels();
  if (!served || served.models.length === 0) return;
  const list = byId('served-models');
  list.replaceChildren(
    ...served.models.map((m) => {
      const button = el('button', { type: 'button', 'data-model': m.name }, [m.name]);
      button.addEventListener('click', () => {
        byId<HTMLInputElement>('model-url').value = absoluteUrl(m.url);
        byId<HTMLInputElement>('tokenizer-url').value = absoluteUrl(m.tokenizerUrl);
        void load(
          { kind: 'urls', modelUrl: m.url, tokenizerUrl: m.tokenizerUrl },
          select.value as ArchitectureName | 'auto',
        );
      });
      return el('li', {}, [button, el('span', { class: 'muted' }, [` ${m.architecture}`])]);
    }),
  );
  byId('served-run').textContent = served.run;
  byId('served').hidden = false;
}

const value = (id: string) => byId<HTMLInputElement | HTMLTextAreaElement>(id).value;

function init(): void {
  installTestHook();
  const select = byId<HTMLSelectElement>('model-class');
  for (const name of Object.keys(MODEL_CLASSES)) select.append(el('option', { value: name }, [name]));
  // ?model=…&tokenizer=… pre-fills the form, so a loaded page can be shared as a link.
  const params = new URLSearchParams(location.search);
  for (const [param, id] of [
    ['model', 'model-url'],
    ['tokenizer', 'tokenizer-url'],
  ]) {
    const v = params.get(param);
    if (v) byId<HTMLInputElement>(id).value = v;
  }
  byId<HTMLFormElement>('load-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void load(
      { kind: 'urls', modelUrl: value('model-url'), tokenizerUrl: value('tokenizer-url') },
      select.value as ArchitectureName | 'auto',
    );
  });
  const fromFiles = (files: FileList | null | undefined) => {
    if (files?.length)
      void load({ kind: 'files', files: [...files] }, select.value as ArchitectureName | 'auto');
  };
  for (const id of ['local-folder', 'local-files']) {
    const input = byId<HTMLInputElement>(id);
    input.addEventListener('change', () => {
      fromFiles(input.files);
      input.value = '';
    });
  }
  const drop = byId('drop-zone');
  drop.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    drop.dataset.over = 'true';
  });
  drop.addEventListener('dragleave', () => delete drop.dataset.over);
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    delete drop.dataset.over;
    fromFiles(ev.dataTransfer?.files);
  });
  void listServedModels(select);
  onTask('fill-mask-form', 'fill-mask-out', (l, out) =>
    renderFillMask(l, value('fill-mask-text'), Number(value('fill-mask-topk')), out),
  );
  onTask('classify-form', 'classify-out', (l, out) =>
    renderClassify(l, value('classify-text'), value('classify-pair'), out),
  );
  onTask('answer-form', 'answer-out', (l, out) =>
    renderAnswer(l, value('answer-question'), value('answer-context'), out),
  );
  onTask('attention-form', 'attention-out', (l, out) =>
    renderAttention(l, value('attention-text'), byId('attention-controls'), out),
  );
  startBackend().then(
    (b) =>
      setStatus(
        `Backend: ${b.backend}. Open a local model folder, or give a model folder URL and a tokenizer URL, then Load.`,
        'idle',
      ),
    (e) => setStatus(`The tfjs backend did not start: ${(e as Error).message}`, 'error'),
  );
}

init();
