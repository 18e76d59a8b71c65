"""Topics of a comment corpus: NMF on TF-IDF of words and two-word phrases, the number of topics by stability.

Each comment becomes its words (lower-cased, syllables joined by ``_`` as :func:`content_words` writes
them, the :data:`TOPIC_STOPWORDS`, redaction placeholders and emoji tokens left out) and the two-word
phrases of consecutive remaining words
(``"thủ_tục nhanh"``). Negations are kept for phrases only (``"không hài_lòng"``), never as words of
their own, since alone they say nothing about a topic. Terms in fewer than ``min_df`` comments or in
more than ``max_df`` of them are dropped, the rest weighted by TF-IDF (rows scaled to unit length) and
factorised by non-negative matrix factorisation (scikit-learn's ``NMF``, NNDSVDa start, Frobenius loss),
each distinct comment once (survey feedback repeats stock phrases by the thousand, which would otherwise
take whole topics); repeats are counted again in the shares.

The number of topics, when not given, is the most *stable* one, a variant of Greene, O'Callaghan &
Cunningham (2014), "How many topics? Stability analysis for topic models", ECML PKDD: the comments are
split at random into two halves several times; for each ``k`` both halves are factorised, their topics
matched one to one (Hungarian assignment on the cosine similarity of the topic-word vectors) and the mean
cosine of the matched pairs averaged over splits; the smallest ``k`` within 0.005 of the best wins. A
``k`` that is the corpus's own finds the same topics in either half; one too large splits or invents
topics differently each time. Stability was preferred to NPMI coherence on the corpus itself because it
asks directly what a reader relies on -- would other comments from the same source give the same topics
-- and it needs no window or smoothing choices; the two were not compared here. It recovers the planted
``k`` of a synthetic corpus (``tests/test_topics.py``); on real comments it is a guide, not a proof.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Vietnamese function words left out of topics. Written for this project (not taken from a published
#: list): pronouns and forms of address, conjunctions, prepositions, aspect and modal auxiliaries,
#: sentence-final particles, quantifiers and intensifiers -- words that occur in comments on any subject.
#: Negations are in :data:`PHRASE_ONLY` instead.
TOPIC_STOPWORDS = frozenset("""
và với hay hoặc hoặc_là nhưng mà thì là của cho các những mọi mỗi một này kia đó đấy ấy nọ ở tại trong
ngoài trên dưới khi lúc để nên vì do bởi nếu tuy dù cũng đã đang sẽ vẫn còn vừa mới được bị có như
thế vậy rồi nữa luôn lại ra vào lên xuống đi đến từ theo về bằng qua nhé nha nhá ạ à ơi ha hả nhỉ chứ
đâu gì nào sao ai tôi mình chúng_tôi chúng_ta ta em anh chị họ ông bà bạn nó cô chú bác người_ta
rất quá lắm hơi khá cực_kỳ thật vô_cùng hết cả tất_cả nhiều ít
""".split())

#: Negations: never a topic word alone, but kept inside two-word phrases ("không hài_lòng").
PHRASE_ONLY = frozenset({"không", "chưa", "chẳng", "chả", "đừng", "ko", "k"})

log = logging.getLogger(__name__)

# the redaction placeholders ([SĐT], [HỌ TÊN], [ĐỊA CHỈ]...) as the tokenizer leaves them: no theme
_PLACEHOLDERS = frozenset({"sđt", "cccd", "cmnd", "email", "hộ_chiếu", "bhxh", "bhyt", "mst", "stk", "biển_số",
                           "địa_chỉ", "họ_tên", "ngày_sinh"})
# the normaliser's emoji tokens (EMO_POS, EMO_NEG), alone or run together: a tone, not a theme
_EMOJI_WORD = re.compile(r"(?:emo_(?:pos|neg)_?)+")
_PUNCT = ".,!?;:()[]{}\"'…-–—/*+=<>~^%&#@"


def _words(tokens: Iterable[str]) -> list[str]:
    out = []
    for t in tokens:
        w = str(t).lower().strip(_PUNCT).replace(" ", "_").strip("_")
        if (any(ch.isalpha() for ch in w) and w not in TOPIC_STOPWORDS and w not in _PLACEHOLDERS
                and not _EMOJI_WORD.fullmatch(w)):
            out.append(w)
    return out


def _terms(tokens) -> list[str]:
    if not isinstance(tokens, list | tuple | np.ndarray):
        return []
    words = _words(tokens)
    unigrams = [w for w in words if w not in PHRASE_ONLY]
    bigrams = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)
               if not (a in PHRASE_ONLY and b in PHRASE_ONLY)]
    return unigrams + bigrams


def _nmf(x, k: int, seed: int):
    from sklearn.decomposition import NMF
    from threadpoolctl import threadpool_limits

    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=300, tol=1e-4)
    # one BLAS thread: the small matrices of NNDSVD's randomized SVD run several times faster without
    # threads fighting over them, and the sums are then in one order, so the results repeat to the bit
    with threadpool_limits(limits=1, user_api="blas"), np.errstate(invalid="ignore"):
        w = model.fit_transform(x)  # errstate: sklearn's loss is the sqrt of a rounding-negative 0 on exact fits
    return model, w


def _stability(x, k: int, *, seed: int, splits: int, sample: int) -> float:
    from scipy.optimize import linear_sum_assignment
    from sklearn.exceptions import ConvergenceWarning

    rng = np.random.default_rng(seed)
    n = min(x.shape[0], sample)
    scores = []
    for s in range(splits):
        order = rng.permutation(x.shape[0])[:n]
        halves = order[: n // 2], order[n // 2:]
        hs = []
        for h in halves:
            with warnings.catch_warnings():  # a half that converges slowly still says how stable k is
                warnings.simplefilter("ignore", ConvergenceWarning)
                model, _ = _nmf(x[h], k, seed + s)
            comp = model.components_
            hs.append(comp / np.maximum(np.linalg.norm(comp, axis=1, keepdims=True), 1e-12))
        sim = hs[0] @ hs[1].T
        rows, cols = linear_sum_assignment(-sim)
        scores.append(float(sim[rows, cols].mean()))
    return float(np.mean(scores))


@dataclass(frozen=True)
class TopicResult:
    """The topics found in a corpus (the output of :func:`discover_topics`).

    Attributes
    ----------
    k : int
        The number of topics.
    topics : pandas.DataFrame
        One row per topic: ``topic`` (0, 1, ...), ``documents`` (comments whose dominant topic it is),
        ``share_pct`` (their percentage of the comments with any term kept, rounded to 0.1) and
        ``top_words`` (``"word (weight); ..."``, the weights of the topic's term vector scaled to sum
        to 1, rounded to 0.001).
    words : pandas.DataFrame
        ``topic``, ``rank`` (1 the heaviest), ``term``, ``weight``: the same top terms, one per row.
    examples : pandas.DataFrame
        ``topic``, ``rank``, ``document`` (the index label of the comment), ``weight`` (the topic's
        share of that comment's topic weights) and ``text`` (from ``texts``, missing when no texts
        were given): the comments most dominated by each topic.
    groups : pandas.DataFrame or None
        With ``groups``: ``group``, ``topic``, ``documents``, ``share_pct`` (of the unit's comments
        with any term kept; the shares of a unit sum to 100 up to rounding); ``None`` otherwise.
    dominant : pandas.Series
        The dominant topic of each comment, indexed like ``tokens`` (``-1`` where no term was kept).
    stability : pandas.DataFrame
        ``k`` and ``stability`` (the mean matched cosine over split halves) for each ``k`` tried;
        empty when ``k`` was given.
    vocabulary : int
        The number of terms kept.
    """

    k: int
    topics: pd.DataFrame
    words: pd.DataFrame
    examples: pd.DataFrame
    groups: pd.DataFrame | None
    dominant: pd.Series
    stability: pd.DataFrame = field(repr=False)
    vocabulary: int = 0


def discover_topics(tokens: pd.Series, *, groups: pd.Series | None = None, k: int | None = None,
                    k_range: Iterable[int] = range(3, 11), seed: int = 0, top_words: int = 10,
                    examples: int = 3, texts: pd.Series | None = None, min_df: int = 3,
                    max_df: float = 0.5, distinct: bool = True, splits: int = 3,
                    sample: int = 4000) -> TopicResult:
    """Topics of a corpus by NMF on TF-IDF of words and two-word phrases; ``k`` by stability if not given.

    Parameters
    ----------
    tokens : pandas.Series
        The words of each comment as :func:`tokenize` gives them (``"Cán bộ"``) or as
        :func:`content_words` does (``"cán_bộ"``); entries that are not lists count as empty comments.
    groups : pandas.Series or None
        The unit (district, office...) of each comment, matched to ``tokens`` by position.
    k : int or None
        The number of topics; ``None`` to choose it from ``k_range`` by stability (module docstring):
        the most stable ``k``, the smallest among those within 0.005 of the best.
    k_range : iterable of int
        The numbers of topics tried when ``k`` is ``None``.
    seed : int
        Seeds the split halves and NMF; the same inputs and seed give identical results.
    top_words : int
        Terms listed per topic.
    examples : int
        Example comments per topic.
    texts : pandas.Series or None
        The text shown for each comment, matched by position -- the caller's already *redacted* text
        (the clean survey's comments are redacted by :func:`satisfaction.ingest.clean_folder`; other
        text with :func:`satisfaction.ingest.redact_series`). This function redacts nothing.
    min_df : int
        Terms in fewer comments are dropped.
    max_df : float
        Terms in a larger share of the comments are dropped.
    distinct : bool
        Fit the topics on the distinct comments (by their terms), each counted once, so a stock phrase
        written a thousand times ("Không có ý kiến") does not take over the factorisation; its repeats
        are still counted in ``documents`` and the shares. ``False`` fits every comment.
    splits : int
        Random half-splits per ``k`` for the stability criterion.
    sample : int
        At most this many (distinct) comments (drawn at random, with ``seed``) are split for each stability
        split; the final model is always fitted on every comment.

    Returns
    -------
    TopicResult
        ``k``, ``topics``, ``words``, ``examples``, ``groups``, ``dominant``, ``stability`` and
        ``vocabulary`` (see :class:`TopicResult`); topics are numbered by decreasing ``documents``.

    Raises
    ------
    SatisfactionError
        When ``groups`` or ``texts`` are not as long as ``tokens``, or fewer terms are kept than topics
        are asked for.

    Examples
    --------
    >>> from itertools import combinations
    >>> import pandas as pd
    >>> themes = [["Cán bộ", "nhiệt tình", "hướng dẫn", "chu đáo", "vui vẻ", "lịch sự"],
    ...           ["Chờ đợi", "lâu", "xếp hàng", "mệt", "đông", "quá tải"],
    ...           ["Lệ phí", "cao", "thu", "tiền", "đắt", "biên lai"]]
    >>> docs = [list(c) + ["."] for words in themes for c in combinations(words, 3)]  # 20 comments a theme
    >>> tokens = pd.Series(docs)
    >>> redacted = pd.Series([" ".join(d) for d in docs])  # in real use: the survey's comments, already redacted
    >>> result = discover_topics(tokens, k_range=range(2, 6), texts=redacted, min_df=2, max_df=0.9)
    >>> result.k
    3
    >>> result.topics["documents"].tolist(), result.topics["share_pct"].tolist()
    ([20, 20, 20], [33.3, 33.3, 33.3])
    >>> sorted(result.words.loc[result.words["rank"] == 1, "term"])
    ['cao', 'lâu', 'nhiệt_tình']
    >>> result.examples.columns.tolist()
    ['topic', 'rank', 'document', 'weight', 'text']
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    from satisfaction.errors import SatisfactionError

    for name, other in (("groups", groups), ("texts", texts)):
        if other is not None and len(other) != len(tokens):
            raise SatisfactionError(f"{name} has {len(other)} entries but tokens has {len(tokens)}; "
                                    "expected one per comment")
    terms = [_terms(t) for t in tokens]
    vectorizer = TfidfVectorizer(analyzer=lambda d: d, min_df=min_df, max_df=max_df, sublinear_tf=True)
    try:
        x = vectorizer.fit_transform(terms)
    except ValueError as exc:  # sklearn: "After pruning, no terms remain"
        raise SatisfactionError(f"no term is left after min_df={min_df} and max_df={max_df}: {exc}") from None
    vocab = vectorizer.get_feature_names_out()
    has_terms = np.asarray(x.sum(axis=1)).ravel() > 0
    kept = np.flatnonzero(has_terms)
    if distinct:  # factorise each distinct comment once; its repeats take its topic weights
        first: dict[tuple[str, ...], int] = {}
        inverse = np.array([first.setdefault(tuple(terms[i]), len(first)) for i in kept])
        rows = kept[np.unique(inverse, return_index=True)[1]]
    else:
        inverse, rows = np.arange(len(kept)), kept
    xs = x[rows]
    tried = pd.DataFrame(columns=["k", "stability"])
    if k is None:
        ks = [int(v) for v in k_range if 1 <= int(v) < min(len(vocab), xs.shape[0] // 2)]
        if not ks:
            raise SatisfactionError(f"no k of {list(k_range)} fits {xs.shape[0]} comments with terms and "
                                    f"{len(vocab)} terms")
        scores = []
        for v in ks:
            scores.append(round(_stability(xs, v, seed=seed, splits=splits, sample=sample), 6))
            log.info("discover_topics: k=%d stability %.4f", v, scores[-1])
        tried = pd.DataFrame({"k": ks, "stability": scores})
        best = tried["stability"].max()
        k = int(tried.loc[tried["stability"] >= best - 0.005, "k"].min())
    if k > min(len(vocab), xs.shape[0]):
        raise SatisfactionError(f"k={k} topics asked for but only {len(vocab)} terms and {xs.shape[0]} "
                                "comments with terms are left")
    model, w_kept = _nmf(xs, k, seed)
    comp = model.components_
    w = np.zeros((x.shape[0], k))
    w[kept] = w_kept[inverse]
    raw_dominant = np.where(has_terms & (w.sum(axis=1) > 0), w.argmax(axis=1), -1)
    # number the topics by how many comments they dominate (ties by their first term), so ids are stable
    counts = np.bincount(raw_dominant[raw_dominant >= 0], minlength=k)
    order = sorted(range(k), key=lambda j: (-counts[j], vocab[int(comp[j].argmax())]))
    remap = {old: new for new, old in enumerate(order)}
    comp, w = comp[order], w[:, order]
    dominant = np.array([remap[d] if d >= 0 else -1 for d in raw_dominant])
    assigned = int((dominant >= 0).sum())

    weights = comp / np.maximum(comp.sum(axis=1, keepdims=True), 1e-12)
    word_rows, topic_rows = [], []
    for j in range(k):
        top = np.argsort(-weights[j], kind="stable")[:top_words]
        for rank, i in enumerate(top, start=1):
            word_rows.append({"topic": j, "rank": rank, "term": str(vocab[i]), "weight": round(float(weights[j, i]), 3)})
        n_j = int((dominant == j).sum())
        topic_rows.append({"topic": j, "documents": n_j, "share_pct": round(100 * n_j / max(assigned, 1), 1),
                           "top_words": "; ".join(f"{vocab[i]} ({weights[j, i]:.3f})" for i in top)})
    words = pd.DataFrame(word_rows, columns=["topic", "rank", "term", "weight"])

    share = w / np.maximum(w.sum(axis=1, keepdims=True), 1e-12)
    shown = None if texts is None else list(texts)
    example_rows = []
    for j in range(k):
        members = np.flatnonzero(dominant == j)
        picked, seen = [], set()
        for i in members[np.argsort(-share[members, j], kind="stable")]:
            key = shown[i] if shown is not None else tuple(terms[i])
            if key in seen:
                continue
            seen.add(key)
            picked.append(i)
            if len(picked) == examples:
                break
        for rank, i in enumerate(picked, start=1):
            example_rows.append({"topic": j, "rank": rank, "document": tokens.index[i],
                                 "weight": round(float(share[i, j]), 3),
                                 "text": None if shown is None else shown[i]})
    example_table = pd.DataFrame(example_rows, columns=["topic", "rank", "document", "weight", "text"])

    group_table = None
    if groups is not None:
        frame = pd.DataFrame({"group": list(groups), "topic": dominant})
        frame = frame[frame["topic"] >= 0]
        table = pd.crosstab(frame["group"], frame["topic"]).reindex(columns=range(k), fill_value=0)
        long = table.stack().rename("documents").reset_index()
        totals = long.groupby("group")["documents"].transform("sum")
        long["share_pct"] = (100 * long["documents"] / totals).round(1)
        group_table = long[["group", "topic", "documents", "share_pct"]].reset_index(drop=True)

    return TopicResult(k=k, topics=pd.DataFrame(topic_rows), words=words, examples=example_table,
                       groups=group_table, dominant=pd.Series(dominant, index=tokens.index, name="topic"),
                       stability=tried, vocabulary=len(vocab))
