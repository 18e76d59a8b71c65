"""Vietnamese feedback text: normalisation, cached word segmentation (the only layer that imports
underthesea), aspects, sentiment (a lexicon and trainable classifiers, weak labels from the survey
scores), distinctive words, topics and segmentation scoring.
"""

from satisfaction.text.aspects import ASPECTS, aspect_shares, tag_aspects
from satisfaction.text.classifier import (
    AGREEMENT_COLUMNS,
    FeedbackClassifier,
    SurveyTraining,
    classify_texts,
    train_on_survey,
    weak_labels,
)
from satisfaction.text.distinctive import log_odds
from satisfaction.text.feedback import analyse_comments, aspect_sentiment, corpus_overview, sentiment_by_score
from satisfaction.text.normalisation import (
    EMOJI_POLARITY,
    EMOJI_TOKENS,
    NORMALISER_VERSION,
    TEENCODE,
    emoji_polarity,
    normalise,
    prepare_texts,
    restoration_vocabulary,
)
from satisfaction.text.segmentation import read_conllu, segmentation_scores
from satisfaction.text.sentiment import (
    EMOJI,
    INTENSIFIERS,
    LABELS,
    NEGATION_SCOPE,
    NEGATIVE,
    NEGATORS,
    POSITIVE,
    THRESHOLD,
    SentimentClassifier,
    evaluate,
    lexicon_score,
    lexicon_sentiment,
)
from satisfaction.text.tokens import NEVER_STOPWORDS, STOPWORDS, UNDERTHESEA_VERSION, content_words, tokenize
from satisfaction.text.topics import PHRASE_ONLY, TOPIC_STOPWORDS, TopicResult, discover_topics

__all__ = [
    "NORMALISER_VERSION",
    "TEENCODE",
    "EMOJI_POLARITY",
    "EMOJI_TOKENS",
    "normalise",
    "emoji_polarity",
    "restoration_vocabulary",
    "prepare_texts",
    "UNDERTHESEA_VERSION",
    "tokenize",
    "STOPWORDS",
    "NEVER_STOPWORDS",
    "content_words",
    "ASPECTS",
    "tag_aspects",
    "aspect_shares",
    "POSITIVE",
    "NEGATIVE",
    "NEGATORS",
    "INTENSIFIERS",
    "EMOJI",
    "NEGATION_SCOPE",
    "THRESHOLD",
    "LABELS",
    "lexicon_score",
    "lexicon_sentiment",
    "SentimentClassifier",
    "evaluate",
    "FeedbackClassifier",
    "weak_labels",
    "train_on_survey",
    "SurveyTraining",
    "AGREEMENT_COLUMNS",
    "classify_texts",
    "log_odds",
    "read_conllu",
    "segmentation_scores",
    "analyse_comments",
    "corpus_overview",
    "sentiment_by_score",
    "aspect_sentiment",
    "TOPIC_STOPWORDS",
    "PHRASE_ONLY",
    "TopicResult",
    "discover_topics",
]
