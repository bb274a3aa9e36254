"""Reference outputs of the sentencepiece library (0.1.97, Debian's python3-sentencepiece) for small
models trained here on part of the Brown corpus, covering what the parity fixtures do not: BPE,
CHAR and WORD models, byte_fallback, treat_whitespace_as_suffix, add_dummy_prefix=false with
remove_extra_whitespaces=false, the identity and nmt_nfkc_cf normalizers, UNUSED pieces (made with
SentencePieceProcessor.set_vocabulary, which marks the other pieces UNUSED), plus Python's
`str.isspace` / `str.isdigit` / `unicodedata.combining` tables for the AlbertTokenizer helpers.

Run from packages/tokenizer: /usr/bin/python3 test/data/make-reference.py /tmp/brown.txt
(/tmp/brown.txt is written by `node bench/brown-text.mjs /tmp/brown.txt`). Writes test/data/*.model.b64
and test/data/reference.json. Not run by the tests; its outputs are committed.
"""
import base64, json, os, random, sys, tempfile, unicodedata
import sentencepiece as spm

brown = open(sys.argv[1], encoding='utf-8').read().split('\n')[:-1]
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp()
train = os.path.join(work, 'train.txt')
extra = ['naïve café “quotes” — dash … ½ ① Ｆｕｌｌ ﬁ Ⅻ', 'Grüße aus Köln, 1,000,000 €', 'Zoë [MASK] (parenthesis)']
with open(train, 'w', encoding='utf-8') as f:
    f.write('\n'.join(brown[:4000] + extra * 20) + '\n')

common = ['--input=' + train, '--pad_id=0', '--unk_id=1', '--bos_id=2', '--eos_id=3',
          '--character_coverage=1.0', '--num_threads=1', '--input_sentence_size=0', '--shuffle_input_sentence=false']
specs = {
    'bpe-identity': ['--model_type=bpe', '--vocab_size=400', '--normalization_rule_name=identity',
                     '--user_defined_symbols=[MASK],(,)', '--control_symbols=[CLS]'],
    'bpe-nfkc-cf': ['--model_type=bpe', '--vocab_size=400', '--normalization_rule_name=nmt_nfkc_cf'],
    'unigram-bytes': ['--model_type=unigram', '--vocab_size=700', '--normalization_rule_name=identity',
                      '--byte_fallback=true', '--character_coverage=0.98'],
    'char-identity': ['--model_type=char', '--normalization_rule_name=identity'],
    'word-identity': ['--model_type=word', '--vocab_size=800', '--normalization_rule_name=identity'],
    'unigram-suffix': ['--model_type=unigram', '--vocab_size=500', '--normalization_rule_name=identity',
                       '--treat_whitespace_as_suffix=true', '--user_defined_symbols=[MASK]'],
    'unigram-raw-ws': ['--model_type=unigram', '--vocab_size=500', '--normalization_rule_name=identity',
                       '--add_dummy_prefix=false', '--remove_extra_whitespaces=false'],
}
models = {}
for name, args in specs.items():
    prefix = os.path.join(work, name)
    # character_coverage may be given twice; the later flag wins.
    spm.SentencePieceTrainer.train(' '.join(common + args + ['--model_prefix=' + prefix]))
    models[name] = open(prefix + '.model', 'rb').read()

def with_unused(name, keep_every):
    sp = spm.SentencePieceProcessor(model_proto=models[name])
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if i % keep_every != 0]
    sp.set_vocabulary(vocab)
    return sp.serialized_model_proto()

models['unigram-unused'] = with_unused('unigram-suffix', 3)
models['bpe-unused'] = with_unused('bpe-identity', 4)

random.seed(7)
pools = [list(range(0x20, 0x7f)) * 6, list(range(0xc0, 0x17f)), list(range(0x300, 0x36f)),
         [0x09, 0x0a, 0x0d, 0xa0, 0x3000, 0x200b, 0x2581, 0xad], list(range(0x2150, 0x218f)),
         list(range(0xff01, 0xff5e)), list(range(0x4e00, 0x4e20)), list(range(0x1f300, 0x1f320))]
def rand_str():
    return ''.join(chr(random.choice(random.choice(pools))) for _ in range(random.choice([1, 2, 5, 12, 40])))
cases = json.load(open(os.path.join(os.environ.get('ALBERT_FIXTURES', os.path.join(here, '../../../../../shared/fixtures')), 'tokenizer/cases.json')))
texts = brown[-60:] + [c['text'] for c in cases['cases'][110:]] + [rand_str() for _ in range(60)] + [
    '', ' ', '  a  b  ', 'a\tb\nc', ' ▁ x', '[MASK]', 'x[MASK]y', ' [MASK] ', '((a))', 'aaaaaaaaaaaaaaaaaaaa']

out = {'sentencepiece': spm.__version__, 'texts': texts, 'models': {}}
for name, proto in models.items():
    with open(os.path.join(here, name + '.model.b64'), 'w') as f:
        f.write(base64.b64encode(proto).decode() + '\n')
    sp = spm.SentencePieceProcessor(model_proto=proto)
    rows = []
    for t in texts:
        ids = sp.encode(t)
        pieces = sp.encode(t, out_type=str)
        rows.append({'pieces': pieces, 'ids': ids, 'decode_ids': sp.decode(ids), 'decode_pieces': sp.decode_pieces(pieces)})
    out['models'][name] = rows

def ranges(pred):
    r, start = [], None
    for cp in range(0x110000 + 1):
        ok = cp <= 0x10ffff and pred(cp)
        if ok and start is None: start = cp
        if not ok and start is not None:
            r.append([start, cp - 1]); start = None
    return r
assigned = lambda cp: unicodedata.category(chr(cp)) != 'Cn' and not (0xd800 <= cp <= 0xdfff)
out['python'] = {
    'unidata_version': unicodedata.unidata_version,
    'assigned': ranges(assigned),
    'combining': ranges(lambda cp: assigned(cp) and unicodedata.combining(chr(cp)) != 0),
    'isspace': ranges(lambda cp: chr(cp).isspace()),
    'isdigit': ranges(lambda cp: chr(cp).isdigit()),
}
json.dump(out, open(os.path.join(here, 'reference.json'), 'w'), ensure_ascii=False)
print('models', {k: len(v) for k, v in models.items()}, 'texts', len(texts))
