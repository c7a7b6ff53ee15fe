"""Property-based tests: random text of this genre never breaks the invariants."""
from __future__ import annotations

import re
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_

import summarytext as st
from summarytext.compilation import read_compilation
from summarytext.normalize import normalize_text
from summarytext.structure import paragraph_bounds, sentence_bounds

GENRE = "政协委员提案立案办复协商社情民意信息采用批示开展举办召开收集报送党建乡村振兴书香有事来商量市县区省全国"
NUMERALS = "0123456789xX×＊*一二三四五六七八九十百千万亿两零〇点余多近约超过以上左右至—%％."
UNITS = "件条篇场次个项期份名人位家册元字"
PUNCT = "，。；：、！？“”（）《》……——,.;:()?!\"' \u3000\t\n\r"
DAMAGE = ["??", "&nbsp;", "<br>", "<p>", "</p>", "&amp;", "\ufeff", "\u200b", "如若转载,请注明出处:http://x.cn/1.html", "(xié)", "\ufffd"]

genre_text = st_.lists(
    st_.one_of(
        st_.text(alphabet=GENRE, min_size=1, max_size=6),
        st_.text(alphabet=NUMERALS, min_size=1, max_size=5),
        st_.text(alphabet=UNITS, min_size=1, max_size=2),
        st_.text(alphabet=PUNCT, min_size=1, max_size=3),
        st_.sampled_from(DAMAGE),
    ),
    max_size=60,
).map("".join)
any_text = st_.one_of(st_.text(max_size=300), genre_text)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(any_text)
def test_normalisation_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@SETTINGS
@given(any_text)
def test_paragraphs_and_sentences_cover_text_without_overlap(text):
    doc = st.Document.from_text(text)
    body = doc.text
    last = 0
    for p in doc.paragraphs:
        assert body[p.start : p.end] == p.text and p.text.strip() == p.text and p.text
        assert p.start >= last
        last = p.end
    # every non-space character is in exactly one paragraph and one sentence
    inside = sum(len(p.text) for p in doc.paragraphs)
    assert inside == len(body) - sum(1 for ch in body if ch in "\n") - _outside_space(body, doc.paragraphs)
    last = 0
    for s in doc.sentences:
        assert body[s.start : s.end] == s.text and s.text
        assert s.start >= last
        last = s.end
        para = doc.paragraphs[s.paragraph]
        assert para.start <= s.start and s.end <= para.end
    no_space = str.maketrans("", "", " \t\u3000\u00a0\x0b\x0c")
    assert "".join(s.text for s in doc.sentences).translate(no_space) == "".join(p.text for p in doc.paragraphs).translate(no_space)


def _outside_space(body, paragraphs):
    covered = [False] * len(body)
    for p in paragraphs:
        for i in range(p.start, p.end):
            covered[i] = True
    return sum(1 for i, ch in enumerate(body) if not covered[i] and ch != "\n")


@SETTINGS
@given(any_text)
def test_metric_spans_index_the_text(text):
    doc = st.Document.from_text(text)
    df = st.extract_metrics(doc)
    for row in df.itertuples():
        assert doc.text[row.start : row.end] == row.text
        assert row.text in row.context
        assert isinstance(row.value, float)
        assert row.masked or row.value == row.value  # not NaN unless masked
        assert row.low != row.low or row.high != row.high or row.low <= row.high


@SETTINGS
@given(any_text)
def test_segment_joins_back(text):
    assert "".join(st.segment(text)) == text


@SETTINGS
@given(st_.lists(st_.tuples(st_.text(alphabet=GENRE, min_size=4, max_size=12), any_text), min_size=1, max_size=4), any_text, st_.booleans())
def test_compilation_pieces_join_back(entries, trailer, drop_one):
    toc = "\n".join(f"{i + 1}.{title} {i * 5 + 2}" for i, (title, _) in enumerate(entries))
    bodies = [f"{title}\n{body}" for i, (title, body) in enumerate(entries) if not (drop_one and i == 0)]
    text = "汇编\n目录\n" + toc + "\n" + "\n".join(bodies) + "\n" + trailer
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comp = read_compilation(text)
    assert "".join(p.text for p in comp.pieces) == text
    from summarytext.normalize import split_notices

    for doc in comp.documents:
        # the text is the normalised raw text, with trailing notices moved to meta (nothing lost)
        assert split_notices(normalize_text(doc.raw)) == (doc.text, doc.meta.get("notices", []))


# --- more public functions that take text; mutations of the sample documents -----------------


def _sample_texts() -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [d.text for d in st.load_sample()]


SAMPLES = _sample_texts()


@st_.composite
def mutated_sample(draw):
    """A sample document cut, repeated, damaged and masked at random places."""
    text = draw(st_.sampled_from(SAMPLES))
    for _ in range(draw(st_.integers(0, 6))):
        i = draw(st_.integers(0, len(text)))
        j = draw(st_.integers(i, min(len(text), i + 200)))
        op = draw(st_.sampled_from(["cut", "repeat", "damage", "mask", "newline"]))
        if op == "cut":
            text = text[:i] + text[j:]
        elif op == "repeat":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "damage":
            text = text[:i] + draw(st_.sampled_from(DAMAGE)) + text[i:]
        elif op == "mask":
            text = text[:i] + "".join("x" if ch.isdigit() else ch for ch in text[i:j]) + text[j:]
        else:
            text = text[:i] + "\n" + text[i:]
    return text


texts = st_.one_of(any_text, mutated_sample())
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(texts)
def test_theme_spans_index_the_text(text):
    doc = st.Document.from_text(text)
    for level in ("sentence", "paragraph"):
        df = st.tag_themes(doc, level=level)
        for row in df.itertuples():
            assert doc.text[row.start : row.end] == row.strongest
            assert row.score > 0 and row.hits >= 1


@FEW
@given(st_.lists(texts, min_size=1, max_size=4))
def test_brands_and_metrics_on_mutated_documents(items):
    docs = [st.Document.from_text(t, doc_id=f"d{i}") for i, t in enumerate(items)]
    brands = st.discover_brands(docs)
    assert (brands["count"] >= 1).all()
    for doc in docs:
        for row in st.extract_metrics(doc).itertuples():
            assert doc.text[row.start : row.end] == row.text


@FEW
@given(st_.lists(texts, min_size=2, max_size=4))
def test_comparison_on_random_corpora(items):
    corpus = st.Corpus.from_texts(items)
    cmp = st.compare(corpus)
    sim = cmp.similarity
    assert sim.shape == (len(items), len(items))
    for row in cmp.shared_passages().itertuples():
        assert corpus[row.doc_a].text[row.start_a : row.end_a] == row.text_a
        assert corpus[row.doc_b].text[row.start_b : row.end_b] == row.text_b
    cmp.boilerplate()
    cmp.distinctive_terms(n=5)


@SETTINGS
@given(st_.text(alphabet=NUMERALS + UNITS + "万亿兆点點负正分之成折,， ", max_size=20))
def test_parse_number_returns_a_float_or_raises_value_error(text):
    try:
        value = st.parse_number(text)
    except ValueError:
        return
    assert isinstance(value, float)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st_.integers(1, 9), st_.lists(mutated_sample(), min_size=3, max_size=6))
def test_results_do_not_depend_on_chunking_across_processes(chunk, items):
    docs = [st.Document.from_text(t, doc_id=f"d{i}") for i, t in enumerate(items)]
    one = st.extract_metrics(docs)
    assert st.extract_metrics(docs, n_jobs=2, chunk_size=chunk).equals(one)
    assert st.tag_themes(docs, n_jobs=2, chunk_size=chunk).equals(st.tag_themes(docs))


def _paragraphs_by_lines(text):
    """The oracle for structure.paragraph_bounds: each line, stripped as str.strip strips it."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            start = pos + len(line) - len(line.lstrip())
            out.append((start, start + len(line.strip())))
        pos += len(line) + 1
    return out


@SETTINGS
@given(st_.one_of(st_.text(alphabet=" \t\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000\n甲。", max_size=40), any_text))
def test_paragraph_bounds_are_stripped_lines(text):
    assert paragraph_bounds(text) == _paragraphs_by_lines(text)


# a sentence ends after a run of 。！？!?；; marks, a run of …, or three dots or more, with the
# closing quotes and brackets right after it: the rule as a regular expression, the oracle
# for the vectorised scan in structure.sentence_bounds
_SENTENCE_END_RULE = re.compile(r"(?:[。！？!?；;]+|…+|\.{3,})[”’」』》)）\"']*")
ENDINGS = "。！？!?；;….”’」』》)）\"' \u3000\t\n甲乙"


def _sentences_by_rule(text, paragraphs=None):
    out = []
    for index, (start, stop) in enumerate(paragraph_bounds(text) if paragraphs is None else paragraphs):
        pos = start
        for m in _SENTENCE_END_RULE.finditer(text[:stop], start):
            out.append((pos, m.end(), index))
            pos = m.end()
        if pos < stop:
            out.append((pos, stop, index))
    stripped = []
    for start, stop, index in out:
        piece = text[start:stop]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            stripped.append((start + lead, start + lead + len(piece.strip()), index))
    return stripped


@SETTINGS
@given(st_.one_of(st_.text(alphabet=ENDINGS, max_size=40), any_text))
def test_sentence_bounds_follow_the_rule(text):
    assert sentence_bounds(text) == _sentences_by_rule(text)
    # paragraphs given as one unstripped span: whitespace at sentence edges is trimmed
    whole = [(0, len(text))] if text else []
    assert all(text[a:b] == text[a:b].strip() and text[a:b] for a, b, _ in sentence_bounds(text, whole))


@SETTINGS
@given(st_.text(alphabet=ENDINGS, max_size=40), st_.lists(st_.integers(0, 40), max_size=8))
def test_sentence_bounds_within_given_paragraphs(text, cuts):
    # paragraphs that touch, or cut through a run of marks, as a caller may give them
    points = sorted({min(c, len(text)) for c in cuts})
    paragraphs = [(a, b) for a, b in zip(points, points[1:])]
    assert sentence_bounds(text, paragraphs) == _sentences_by_rule(text, paragraphs)


# candidate numbers: a maximal run of number characters, from its first digit or numeral, that a
# unit, qualifier, multiplier or range can follow, or that follows 百分之; the rule as a regular
# expression with look-behinds, the oracle for the two prefix scans of metrics.scan.candidates
NUMBER_CHARS = "0123456789.,xX×一二三四五六七八九十百千万亿两零〇点壹拾"


def _candidates_by_rule(text):
    from summarytext.metrics.scan import CN, MASK, follow_chars
    from summarytext.patterns import RANGE_SEP

    follow = "[" + "".join(re.escape(ch) for ch in sorted(follow_chars())) + "]"
    run = "[0-9.," + re.escape(MASK + CN + "点") + "]"
    rule = re.compile(rf"(?<!{run})(?P<counted>{run}++)(?={follow})|(?<=百分之){run}++")
    spans = []
    for m in rule.finditer(text):
        a, b = m.span()
        while a < b and text[a] in ".,点":
            a += 1
        # a lone 一 (一批, 一个) is narrative, unless 万/亿 or a range goes on from it or it follows 百分之
        lone_one = (text[a:b] == "一" and not re.search(r"百分之[.,点]*$", text[:a]) and "万" not in text[b : b + 2]
                    and "亿" not in text[b : b + 2] and RANGE_SEP.match(text, b) is None)
        if a < b and b - a <= 256 and not lone_one:  # no number in a longer run (after 百分之 too)
            spans.append((a, b))
    return spans


@SETTINGS
@given(st_.one_of(st_.text(alphabet=NUMBER_CHARS + "个件次%分之年甲 ", max_size=40), st_.lists(st_.sampled_from(["百分之", "3", ",", "点", "个", "一", "x", "万", "亿", "余", "年", "至", "—", " ", "9" * 100]), max_size=20).map("".join), genre_text))
def test_candidate_numbers_follow_the_rule(text):
    from summarytext.metrics.scan import candidates

    assert candidates(text) == _candidates_by_rule(text)


def _fast_patterns():
    """Every pattern the library runs on the standard library's re (see patterns.compile_fast)."""
    import importlib

    from summarytext import normalize, patterns, structure
    from summarytext.metric_lexicon import metric_lexicon
    from summarytext.metrics import exclude, scan

    lex = metric_lexicon()
    found = {}
    rule_modules = [importlib.import_module(f"summarytext.metrics.rules.{name}") for name in ("subject", "stage", "plan")]
    for module in (patterns, scan, exclude, normalize, structure, *rule_modules):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{module.__name__}.{name}"] = value
    for name, value in list(vars(lex).items()) + [(f"cues.{k}", v) for k, v in lex.cues.items()]:
        if isinstance(value, re.Pattern):
            found[f"lexicon.{name}"] = value
    return found


FAST_PATTERNS = _fast_patterns()
ODD_TEXT = "甲1、.（一）x\x1c\x1d\x1e\x1f \u3000\u2028\u1680\x85²٣𑛐Kk\u212aß第每被采用件个至—\n"


@SETTINGS
@given(st_.text(alphabet=ODD_TEXT, max_size=20), st_.sampled_from(sorted(FAST_PATTERNS)))
def test_fast_patterns_read_alike_in_both_engines(text, name):
    import regex

    fast = FAST_PATTERNS[name]
    slow = regex.compile(fast.pattern)
    for pos in range(len(text) + 1):
        a, b = fast.match(text, pos), slow.match(text, pos)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (name, text, pos)


@SETTINGS
@given(st_.one_of(st_.text(alphabet=ENDINGS + "一、（二）标题\n", max_size=40), any_text))
def test_locating_many_offsets_at_once_is_locating_each(text):
    doc = st.Document.from_text(text)
    offsets = list(range(len(doc.text) + 1))
    together = doc.locate_all(offsets)

    def located(o):  # the sentence and paragraph that hold an offset, and the paragraph's section
        sentence = next((i for i, (s, e, _) in enumerate(doc.sentence_offsets) if s <= o < e), -1)
        paragraph = next((i for i, (s, e) in enumerate(doc.paragraph_offsets) if s <= o < e), -1)
        return sentence, paragraph, doc.paragraph_section[paragraph] if paragraph >= 0 else -1

    assert [tuple(int(a[i]) for a in together) for i in range(len(offsets))] == [located(o) for o in offsets]
    assert all(doc.locate(o) == located(o) for o in offsets)


def test_every_heading_begins_with_a_heading_character():
    # structure passes over long lines that begin with none of these characters without matching
    from summarytext import patterns as P

    endings = ["、", "一、", "1)", "）", " 标题", "1、", "2.总体", " 一）", "# 标题"]
    starts = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    for c in starts:
        if c not in P.HEADING_FIRST_CHARS:
            assert not any(P.HEADING_START.match(c + e) for e in endings), repr(c)
    assert all(any(P.HEADING_START.match(c + e) for e in endings) for c in P.HEADING_FIRST_CHARS), "a character that never starts one"


HEADING_TEXT = "一二十（(）)1２3、.．xX×#①⑳ 标题总体情况。，\u3000\n" + "甲" * 8


@SETTINGS
@given(st_.lists(st_.text(alphabet=HEADING_TEXT.replace("\n", ""), min_size=1, max_size=60), max_size=6).map("\n".join))
def test_sections_read_each_line_as_heading_level_reads_it(text):
    # lines around the length of a title line (36), with and without heading forms and spaces
    from summarytext.structure import heading_level, section_spans

    paragraphs = paragraph_bounds(text)
    sections = section_spans(text, paragraphs)
    headings = [i for i, (s, e) in enumerate(paragraphs) if heading_level(text[s:e]) is not None]
    assert [sec.heading for sec in sections if sec.heading is not None] == headings


def _end_marks_by_rule(text):
    from summarytext.metrics.record import CLAUSE_END, SENTENCE_END

    clause, sentence = [], []
    for i, ch in enumerate(text):
        if ch == "?":
            after = i
            while after < len(text) and text[after] == "?":
                after += 1
            if after < len(text) and text[after] in "0123456789":
                continue  # a run of "?" before a digit stands for lost characters of the clause
        if ch in CLAUSE_END:
            clause.append(i)
        if ch in SENTENCE_END:
            sentence.append(i)
    return clause, sentence


@SETTINGS
@given(st_.one_of(st_.lists(st_.sampled_from(["?", "???", "5", "12", "x", "？", "，", "。", "；", ":", "件", "甲", "\u3000", "\n"]),
                             max_size=20).map("".join), any_text))
def test_clause_and_sentence_ends_follow_the_rule(text):
    from summarytext.metrics.record import end_marks

    assert tuple(a.tolist() for a in end_marks(text)) == _end_marks_by_rule(text)


#: the spaces normalisation removes at the end of a line, written out here as the rule to hold it to
_LINE_END_SPACES = " \t\u3000\u00a0"


@SETTINGS
@given(st_.one_of(st_.text(alphabet=" \t\u3000\u00a0\u2002\n甲", max_size=40), any_text))
def test_trailing_spaces_are_looked_for_wherever_they_can_be(text):
    from summarytext.normalize import _TRAILING_SPACE, _may_end_lines_with_space

    stripped = "\n".join(line.rstrip(_LINE_END_SPACES) for line in text.split("\n"))
    assert _TRAILING_SPACE.sub("", text) == stripped
    # the quick look never passes over a text that has a space to remove
    assert _may_end_lines_with_space(text) or stripped == text


def _in_short_quote_by_rule(text, start, end, limit=10):
    from summarytext.metrics.exclude import CLOSE_QUOTES, OPEN_QUOTES

    # the nearest opening mark before the number, with no closing mark after it, and the
    # nearest closing mark after the number, the whole quotation at most ``limit`` long
    before = text[max(0, start - limit) : start]
    i = max(before.rfind(q) for q in OPEN_QUOTES)
    if i < 0 or any(q in before[i + 1 :] for q in CLOSE_QUOTES):
        return False
    after = text[end : end + limit]
    j = min((after.find(q) for q in CLOSE_QUOTES if q in after), default=-1)
    return j >= 0 and (len(before) - i - 1) + (end - start) + j <= limit


@SETTINGS
@given(st_.lists(st_.sampled_from(["“", "”", "\"", "「", "」", "『", "』", "‘", "’", "'", "五个一", "甲", "甲乙丙丁", "12件", "\n"]),
                 max_size=12).map("".join), st_.data())
def test_short_quotations_follow_the_rule(text, data):
    from summarytext.metrics.exclude import in_short_quote

    start = data.draw(st_.integers(0, len(text)))
    end = data.draw(st_.integers(start, len(text)))
    assert in_short_quote(text, start, end) == _in_short_quote_by_rule(text, start, end)


def _lexicon_words():
    from summarytext.metric_lexicon import metric_lexicon

    lex = metric_lexicon()
    return sorted(set(lex.category_of) | set(lex.stage_of)) + ["政协", "市政协", "省委", "全市", "的", "、", "和", "甲", "，", "12件", "3次"]


LEXICON_TEXT = st_.lists(st_.sampled_from(_lexicon_words()), max_size=8).map("".join)


@SETTINGS
@given(LEXICON_TEXT)
def test_category_of_a_phrase_is_its_last_keyword_the_longest_there(phrase):
    from summarytext.metric_lexicon import metric_lexicon

    lex = metric_lexicon()
    best = None  # the rule as first written: (end, length, word), the largest wins
    for m in lex.category_words_at.finditer(phrase):
        word = m.group(1)
        end = m.start() + len(word)
        if word in lex.head_only and end != len(phrase):
            continue
        if best is None or (end, len(word)) > best[:2]:
            best = (end, len(word), word)
    assert lex.category_for(phrase) == (lex.category_of[best[2]] if best else None)
    # the head: the longest keyword the phrase ends with
    heads = [m.group(1) for m in lex.category_words_at.finditer(phrase) if m.start() + len(m.group(1)) == len(phrase)]
    assert lex.head_category(phrase) == (lex.category_of[max(heads, key=len)] if heads else None)


@SETTINGS
@given(LEXICON_TEXT)
def test_a_phrase_names_bodies_when_nothing_but_fillers_is_left_without_them(phrase):
    from summarytext.metric_lexicon import metric_lexicon
    from summarytext.metrics.record import Context
    from summarytext.resources import data_lines

    lex = metric_lexicon()
    rest = lex.cues["organisations"].sub("", phrase)
    fillers = set("".join(data_lines("metric_cues/org_fillers.txt"))) | {ch for ch in rest if ch.isspace()}
    expected = bool(phrase) and all(ch in fillers for ch in rest)
    assert Context(phrase, st.Document.from_text("甲"), lex, []).is_organisation(phrase) is expected


@SETTINGS
@given(st_.one_of(
    st_.lists(st_.sampled_from(["12件", "3次", "5篇", "、", "和", "提交", "采用", "立案", "办复", "提出", "的", "提案", "甲", "，", "。"]),
              max_size=14).map("".join),
    st_.lists(st_.sampled_from(_lexicon_words() + ["。", "；", "\n"]), max_size=14).map("".join)))
def test_metrics_read_the_words_between_their_neighbours(text):
    from summarytext.metric_lexicon import metric_lexicon
    from summarytext.metrics.record import Context
    from summarytext.metrics.scan import find_quantities

    lex = metric_lexicon()
    found = find_quantities(text, lex)
    ctx = Context(text, st.Document.from_text(text), lex, found)
    for i, m in enumerate(found):
        cs, ce = m.clause
        # left: back to the clause start or the end of the metric before, right: on to the clause end
        # or the start of the metric after
        left_start = found[i - 1].end if i and found[i - 1].end > cs else cs
        right_end = found[i + 1].start if i + 1 < len(found) and found[i + 1].start < ce else ce
        assert (m.left, m.right) == (text[left_start : m.start], text[m.end : right_end])
        # stage words before the number, nearest first: by end, then the longest
        stages = sorted(((-(v.start() + len(v.group(1))), -len(v.group(1)), v.start(), v.group(1))
                         for v in lex.stage_words_at.finditer(m.left)))
        assert ctx.left_stages(m) == [(lex.stage_of[w], w, s, s + len(w)) for _, _, s, w in stages]


@SETTINGS
@given(st_.text(alphabet=HEADING_TEXT, max_size=60), st_.integers(0, 3))
def test_sections_and_sentences_number_a_list_of_paragraph_spans_alike(text, skip):
    from summarytext.structure import paragraph_spans, section_spans

    spans = paragraph_spans(text)[skip:]  # a list that need not start at the first paragraph
    numbers = {p.index for p in spans}
    sections = section_spans(text, spans)
    assert sorted(i for s in sections for i in s.paragraphs) == sorted(numbers)
    assert all(s.heading is None or s.heading in numbers for s in sections)
    assert {p for _, _, p in sentence_bounds(text, spans)} <= numbers
