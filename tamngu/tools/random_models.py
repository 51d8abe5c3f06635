"""Random-weight MarianMT models with real sentencepiece vocabularies, built offline.

Tests and benchmarks need Marian models without downloading OPUS-MT weights.
:func:`build_random_marian` trains a source and a target sentencepiece model on
the given text (byte fallback on, so any text tokenizes), writes the files
``MarianTokenizer`` loads (``source.spm``, ``target.spm``, ``vocab.json``,
``tokenizer_config.json``) and saves a ``MarianMTModel`` with random weights and
the OPUS-MT model and generation settings (swish, static sinusoidal positions,
scaled embeddings, ``eos`` 0, ``pad`` = decoder start = last id, beam 4,
``max_length`` 512, ``bad_words_ids`` ``[[pad]]``).

Presets: :func:`tiny_marian` (vi->en and en->zh test models, seconds to build)
and :func:`opus_vi_en_shape` / :func:`opus_en_zh_shape` (the exact
``Helsinki-NLP/opus-mt-vi-en`` and ``opus-mt-en-zh`` architectures: d_model 512,
6+6 layers, 8 heads, FFN 2048, vocabulary 53,739 / 65,001).
"""

from __future__ import annotations

import io
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tamngu.tools import seeds_dir

logger = logging.getLogger(__name__)

SEEDS_DIR = seeds_dir()
ZH_LANGUAGE_TOKEN = ">>cmn_Hans<<"
_EOS, _UNK, _PAD = "</s>", "<unk>", "<pad>"
_SPM_SPECIALS = {"<unk>", "<s>", "</s>"}
_IMAGE_LINE = re.compile(r"\.(jpe?g|png|gif|webp)\)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class MarianShape:
    """Architecture of a Marian transformer (encoder and decoder alike)."""

    d_model: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int | None = None  # None: exactly the joint sentencepiece vocabulary + <pad>
    max_positions: int = 512


OPUS_VI_EN = MarianShape(d_model=512, layers=6, heads=8, ffn=2048, vocab_size=53739)
OPUS_EN_ZH = MarianShape(d_model=512, layers=6, heads=8, ffn=2048, vocab_size=65001)  # Helsinki-NLP/opus-mt-en-zh
TINY = MarianShape(d_model=32, layers=2, heads=2, ffn=64)


def build_random_marian(
    out_dir: Path | str,
    *,
    src_corpus: Iterable[str],
    tgt_corpus: Iterable[str],
    d_model: int,
    layers: int,
    heads: int,
    ffn: int,
    vocab_size: int | None = None,
    src_pieces: int = 1000,
    tgt_pieces: int = 1000,
    src_symbols: Sequence[str] = (),
    tgt_symbols: Sequence[str] = (),
    source_lang: str = "vi",
    target_lang: str = "en",
    seed: int = 0,
    logit_scale: float = 3.0,
    eos_bias: float = 0.0,
    num_beams: int = 4,
    max_length: int = 512,
    max_positions: int = 512,
) -> Path:
    """Train sentencepiece vocabularies and save a random-weight MarianMT model.

    Args:
        out_dir: Directory to write (created; existing files are overwritten).
        src_corpus: Source-language lines for the source sentencepiece model.
        tgt_corpus: Target-language lines for the target sentencepiece model.
        d_model: Hidden size.
        layers: Encoder layers (the decoder gets as many).
        heads: Attention heads.
        ffn: Feed-forward size.
        vocab_size: Model vocabulary; ``None`` makes it the joint sentencepiece
            vocabulary plus ``<pad>``. A larger value pads ``vocab.json`` with
            unused ``<unused_N>`` tokens (the real OPUS-MT shape needs 53,739).
        src_pieces: Size of the source sentencepiece model (a soft limit).
        tgt_pieces: Size of the target sentencepiece model (a soft limit).
        src_symbols: Extra whole-token symbols of the source side (``>>cmn_Hans<<``).
        tgt_symbols: Extra whole-token symbols of the target side.
        source_lang: Source language code written to the tokenizer config.
        target_lang: Target language code written to the tokenizer config.
        seed: Seed for the weights; the same seed gives the same model.
        logit_scale: Standard deviation of output logits the initialisation aims
            at; the library default (init std 0.02) gives near-uniform
            distributions full of ties, which make beam search comparisons brittle.
        eos_bias: Added to the end-of-sentence logit so random models stop.
        num_beams: Beam size written to the generation config.
        max_length: ``max_length`` written to the generation config.
        max_positions: Positional embedding table size.

    Returns:
        ``out_dir`` as a :class:`Path`.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    src_model = _train_spm(src_corpus, src_pieces, src_symbols, character_coverage=1.0)
    tgt_model = _train_spm(tgt_corpus, tgt_pieces, tgt_symbols, character_coverage=0.998)
    (out / "source.spm").write_bytes(src_model)
    (out / "target.spm").write_bytes(tgt_model)
    vocab = _joint_vocab([_pieces(src_model), _pieces(tgt_model)], vocab_size)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")
    _write_tokenizer_config(out, source_lang, target_lang)
    shape = MarianShape(d_model, layers, heads, ffn, len(vocab), max_positions)
    model = _random_model(shape, seed=seed, logit_scale=logit_scale, eos_bias=eos_bias)
    model.generation_config = _opus_generation_config(len(vocab) - 1, num_beams, max_length)
    model.save_pretrained(out)
    logger.info("saved random Marian model (%d tokens, d_model %d) to %s", len(vocab), d_model, out)
    return out


def tiny_marian(
    out_dir: Path | str,
    direction: str = "vi-en",
    *,
    seed: int = 0,
    glossary: object | None = None,
    shape: MarianShape = TINY,
    eos_bias: float = 2.0,
) -> Path:
    """Build a tiny random model for ``direction`` "vi-en" or "en-zh" in seconds.

    The source and target vocabularies are trained on the seed corpus (vi), its
    diacritic-free fold plus the glossary's English forms and notes (en), and
    the glossary's Chinese forms plus common words of jieba's dictionary (zh).
    The glossary defaults to the curated one; pass ``glossary=()`` for none.
    """
    entries = _glossary_entries(glossary)
    corpora = {"vi": _vi_corpus, "en": _en_corpus, "zh": _zh_corpus}
    source, target = _split_direction(direction)
    src_symbols = (ZH_LANGUAGE_TOKEN,) if target == "zh" else ()
    return build_random_marian(
        out_dir,
        src_corpus=corpora[source](entries),
        tgt_corpus=corpora[target](entries),
        d_model=shape.d_model,
        layers=shape.layers,
        heads=shape.heads,
        ffn=shape.ffn,
        vocab_size=shape.vocab_size,
        src_pieces=800,
        tgt_pieces=1500 if target == "zh" else 800,
        src_symbols=src_symbols,
        source_lang=source,
        target_lang=target,
        seed=seed,
        eos_bias=eos_bias,
    )


def opus_vi_en_shape(out_dir: Path | str, *, seed: int = 0, glossary: object | None = None) -> Path:
    """Build a random-weight model with the exact ``Helsinki-NLP/opus-mt-vi-en`` shape.

    d_model 512, 6 encoder and 6 decoder layers, 8 heads, FFN 2048, vocabulary
    53,739 (``<pad>`` = decoder start = 53738, ``</s>`` = 0). The tokenizers are
    small ones trained on the seed corpus; the unused ids pad the vocabulary so
    embedding and output-layer costs match the real model.
    """
    entries = _glossary_entries(glossary)
    return build_random_marian(
        out_dir,
        src_corpus=_vi_corpus(entries),
        tgt_corpus=_en_corpus(entries),
        d_model=OPUS_VI_EN.d_model,
        layers=OPUS_VI_EN.layers,
        heads=OPUS_VI_EN.heads,
        ffn=OPUS_VI_EN.ffn,
        vocab_size=OPUS_VI_EN.vocab_size,
        src_pieces=2000,
        tgt_pieces=2000,
        seed=seed,
        logit_scale=3.0,
    )


def opus_en_zh_shape(out_dir: Path | str, *, seed: int = 0, glossary: object | None = None) -> Path:
    """Build a random-weight model with the exact ``Helsinki-NLP/opus-mt-en-zh`` shape.

    As :func:`opus_vi_en_shape`, with the en->zh vocabulary of 65,001 ids
    (``<pad>`` = decoder start = 65000) and ``>>cmn_Hans<<`` as a source token.
    """
    entries = _glossary_entries(glossary)
    return build_random_marian(
        out_dir,
        src_corpus=_en_corpus(entries),
        tgt_corpus=_zh_corpus(entries),
        d_model=OPUS_EN_ZH.d_model,
        layers=OPUS_EN_ZH.layers,
        heads=OPUS_EN_ZH.heads,
        ffn=OPUS_EN_ZH.ffn,
        vocab_size=OPUS_EN_ZH.vocab_size,
        src_pieces=2000,
        tgt_pieces=3000,
        src_symbols=(ZH_LANGUAGE_TOKEN,),
        source_lang="en",
        target_lang="zh",
        seed=seed,
        logit_scale=3.0,
    )


def seed_lines(seeds_dir: Path = SEEDS_DIR) -> list[str]:
    """Non-empty text lines of the seed articles (image file names dropped)."""
    lines: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not _IMAGE_LINE.search(line):
                lines.append(unicodedata.normalize("NFC", line))
    return lines


# --- corpora -----------------------------------------------------------------


def _split_direction(direction: str) -> tuple[str, str]:
    source, _, target = direction.partition("-")
    if (source, target) not in {("vi", "en"), ("en", "zh"), ("vi", "zh")}:
        raise ValueError(f"unsupported direction {direction!r}; expected 'vi-en' or 'en-zh'")
    return source, target


def _glossary_entries(glossary: object | None) -> list:  # type: ignore[type-arg]
    if glossary is not None:
        return list(glossary)  # type: ignore[call-overload]
    try:
        from tamngu.glossary.loader import load_glossary

        return list(load_glossary())
    except Exception as exc:  # a glossary being edited must not break model building
        logger.warning("building vocabularies without the glossary: %s", exc)
        return []


def _vi_corpus(entries: list) -> list[str]:  # type: ignore[type-arg]
    forms = [form for entry in entries for form in entry.vi_forms]
    return seed_lines() + forms * 3


def _en_corpus(entries: list) -> list[str]:  # type: ignore[type-arg]
    folded = [_ascii_fold(line) for line in seed_lines()]
    forms = [form for entry in entries for form in entry.target_forms("en")]
    notes = [text for entry in entries for text in (entry.source, entry.note) if text]
    return folded + notes + forms * 5


def _zh_corpus(entries: list) -> list[str]:  # type: ignore[type-arg]
    forms = [form for entry in entries for form in entry.target_forms("zh")]
    words = _jieba_common_words(2000)
    lines = ["".join(words[i : i + 12]) for i in range(0, len(words), 12)]
    return lines + forms * 5


def _ascii_fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _jieba_common_words(count: int) -> list[str]:
    import jieba

    dictionary = Path(jieba.__file__).parent / "dict.txt"
    rows = []
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        if all("\u4e00" <= ch <= "\u9fff" for ch in word):
            rows.append((int(freq), word))
    rows.sort(key=lambda row: (-row[0], row[1]))
    return [word for _, word in rows[:count]]


# --- sentencepiece -------------------------------------------------------------


def _train_spm(lines: Iterable[str], pieces: int, symbols: Sequence[str], character_coverage: float) -> bytes:
    import sentencepiece as spm

    lines = list(lines)
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=writer,
        vocab_size=max(pieces, _required_pieces(lines, symbols)),
        model_type="unigram",
        byte_fallback=True,
        character_coverage=character_coverage,
        user_defined_symbols=list(symbols),
        hard_vocab_limit=False,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        num_threads=1,
        max_sentence_length=16384,
        minloglevel=2,
    )
    return writer.getvalue()


def _required_pieces(lines: Sequence[str], symbols: Sequence[str]) -> int:
    """Pieces sentencepiece needs at least: every character, the symbols, 256 byte pieces, unk/bos/eos.

    The corpus grows with the glossary, so a fixed piece count would stop fitting.
    """
    characters = {char for line in lines for char in line if not char.isspace()}
    return len(characters) + len(symbols) + 256 + 3 + 1  # + the "▁" word-boundary piece


def _pieces(model_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=model_bytes)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _joint_vocab(piece_lists: Sequence[Sequence[str]], vocab_size: int | None) -> dict[str, int]:
    """``</s>`` 0, ``<unk>`` 1, the pieces of both sides, fillers, then ``<pad>`` last."""
    vocab: dict[str, int] = {_EOS: 0, _UNK: 1}
    for pieces in piece_lists:
        for piece in pieces:
            if piece not in _SPM_SPECIALS and piece not in vocab:
                vocab[piece] = len(vocab)
    target = vocab_size if vocab_size is not None else len(vocab) + 1
    if target < len(vocab) + 1:
        raise ValueError(f"vocab_size {target} is smaller than the {len(vocab) + 1} tokens needed")
    while len(vocab) < target - 1:
        vocab[f"<unused_{len(vocab)}>"] = len(vocab)
    vocab[_PAD] = len(vocab)
    return vocab


def _write_tokenizer_config(out: Path, source_lang: str, target_lang: str) -> None:
    config = {
        "tokenizer_class": "MarianTokenizer",
        "source_lang": source_lang,
        "target_lang": target_lang,
        "unk_token": _UNK,
        "eos_token": _EOS,
        "pad_token": _PAD,
        "model_max_length": 512,
        "separate_vocabs": False,
    }
    (out / "tokenizer_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


# --- model ---------------------------------------------------------------------


def _marian_config(shape: MarianShape):  # type: ignore[no-untyped-def]
    from transformers import MarianConfig

    assert shape.vocab_size is not None
    pad = shape.vocab_size - 1
    return MarianConfig(
        vocab_size=shape.vocab_size,
        decoder_vocab_size=shape.vocab_size,
        d_model=shape.d_model,
        encoder_layers=shape.layers,
        decoder_layers=shape.layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
        max_position_embeddings=shape.max_positions,
        activation_function="swish",
        static_position_embeddings=True,
        scale_embedding=True,
        normalize_embedding=False,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        architectures=["MarianMTModel"],
    )


def _random_model(shape: MarianShape, *, seed: int, logit_scale: float, eos_bias: float):  # type: ignore[no-untyped-def]
    import torch
    from transformers import MarianMTModel

    config = _marian_config(shape)
    # Embeddings are tied to the output layer: logits ~ N(0, (std * sqrt(d))^2)
    # over layer-normed hidden states, so this std gives logits of std logit_scale.
    config.init_std = logit_scale / shape.d_model**0.5 if logit_scale else config.init_std
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        _reinit(model, config.init_std, seed)
        model.final_logits_bias[0, 0] = eos_bias
    return model


def _reinit(model, embed_std: float, seed: int) -> None:  # type: ignore[no-untyped-def]
    """Deterministic init: embeddings at ``embed_std``, other weights Xavier-like."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    for name, param in model.named_parameters():
        if "embed_positions" in name or "layer_norm" in name:
            continue
        if name.endswith("shared.weight") or "embed_tokens" in name:
            param.copy_(torch.randn(param.shape, generator=generator) * embed_std)
        elif param.dim() == 2:
            param.copy_(torch.randn(param.shape, generator=generator) / param.shape[1] ** 0.5)
        else:
            param.zero_()
    pad = model.config.pad_token_id
    model.model.shared.weight[pad].zero_()


def _opus_generation_config(pad: int, num_beams: int, max_length: int):  # type: ignore[no-untyped-def]
    from transformers import GenerationConfig

    return GenerationConfig(
        bad_words_ids=[[pad]],
        bos_token_id=0,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        max_length=max_length,
        num_beams=num_beams,
        pad_token_id=pad,
    )
