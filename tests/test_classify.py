"""ThemeClassifier: a scikit-learn estimator trained on labelled paragraphs written for these tests
(fictional places: 岚山县, 清河市, 桂溪区, 云台县), alone and combined with the lexicon."""
from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from summarytext.classify import ThemeClassifier, lexicon_scores
from summarytext.themes import ThemeLexicon

TRAIN = [
    ("岚山县政协全年收到提案286件，经审查立案251件。", ["提案工作"]),
    ("清河市政协召开提案交办会，将立案提案交由承办单位办理。", ["提案工作"]),
    ("主席会议成员领衔督办重点提案，提案办复率达到百分之百。", ["提案工作"]),
    ("提案委员会对委员提案进行复审，提高提案质量。", ["提案工作"]),
    ("开展优秀提案评选，表彰提案办理先进单位。", ["提案工作"]),
    ("委员们围绕中小学课后服务提交提案，推动教育部门完善办法。", ["提案工作", "民生"]),
    ("全年收集社情民意信息520条，编报信息专报40期。", ["社情民意"]),
    ("桂溪区政协报送的信息被省政协采用18篇，获领导批示5篇。", ["社情民意"]),
    ("健全特邀信息员队伍，完善信息报送和反馈机制。", ["社情民意"]),
    ("委员深入社区收集群众意见，及时反映社情民意。", ["社情民意"]),
    ("一条关于农村饮水安全的信息被全国政协采用。", ["社情民意", "乡村振兴"]),
    ("县政协开展委员读书活动，组建专题读书群8个。", ["书香政协"]),
    ("机关设立政协书屋，委员每月交流读书心得。", ["书香政协"]),
    ("举办读书分享会，委员领读经典著作。", ["书香政协"]),
    ("推进书香政协建设，开展线上线下读书交流。", ["书香政协"]),
    ("组织委员开展荐书评书，营造多读书读好书氛围。", ["书香政协"]),
    ("围绕乡村振兴开展调研，推动特色种植产业发展。", ["乡村振兴"]),
    ("委员企业结对帮扶村集体经济，带动农民增收。", ["乡村振兴"]),
    ("聚焦农村人居环境整治和美丽乡村建设建言献策。", ["乡村振兴"]),
    ("推动农产品加工和乡村旅游融合发展。", ["乡村振兴"]),
    ("围绕高标准农田建设和粮食生产开展视察。", ["乡村振兴"]),
    ("聚焦养老服务和社区医疗短板提出建议。", ["民生"]),
    ("推动解决老旧小区加装电梯和停车难问题。", ["民生"]),
    ("关注义务教育均衡发展和学生课后服务。", ["民生"]),
    ("围绕稳就业和社会保障开展协商。", ["民生"]),
    ("推动城区公交线路优化，方便群众出行。", ["民生"]),
    ("围绕长江禁渔和河湖岸线整治开展监督。", ["生态环保"]),
    ("推动工业园区污水集中处理和大气污染防治。", ["生态环保"]),
    ("聚焦垃圾分类和固体废物治理提出建议。", ["生态环保"]),
    ("开展植树造林和湿地保护专题调研。", ["生态环保"]),
    ("围绕碳达峰碳中和和节能减排建言。", ["生态环保"]),
]

HELD_OUT = [
    ("云台县政协收到提案198件，立案率达90%。", ["提案工作"]),
    ("将重点提案交由县政府领导领衔办理。", ["提案工作"]),
    ("社情民意信息被市政协采用25篇。", ["社情民意"]),
    ("加强信息员培训，提高信息报送质量。", ["社情民意"]),
    ("委员读书群开展主题读书活动。", ["书香政协"]),
    ("推动政协书屋向乡镇延伸，开展读书分享。", ["书香政协"]),
    ("助力乡村振兴，发展农村集体经济。", ["乡村振兴"]),
    ("推动农民专业合作社和农产品品牌建设。", ["乡村振兴"]),
    ("关注养老机构建设和医疗保障。", ["民生"]),
    ("推动解决学生上学难和公交出行问题。", ["民生"]),
    ("开展河湖污染治理和垃圾分类监督。", ["生态环保"]),
    ("围绕湿地保护和大气污染防治建言。", ["生态环保"]),
]


def split(rows):
    return [t for t, _ in rows], [labels for _, labels in rows]


X_TRAIN, Y_TRAIN = split(TRAIN)
X_TEST, Y_TEST = split(HELD_OUT)


@pytest.fixture(scope="module")
def fitted() -> ThemeClassifier:
    return ThemeClassifier().fit(X_TRAIN, Y_TRAIN)


def test_learns_the_themes_of_held_out_paragraphs(fitted):
    assert list(fitted.classes_) == sorted({t for _, labels in TRAIN for t in labels})
    assert fitted.score(X_TEST, Y_TEST) >= 0.8
    # a theme the lexicon does not have is learned from the examples alone
    assert "生态环保" in fitted.predict_labels(["推进河道污染治理和湿地保护。"])[0]


def test_predict_shapes_and_values(fitted):
    pred = fitted.predict(X_TEST)
    assert pred.shape == (len(X_TEST), len(fitted.classes_)) and set(np.unique(pred)) <= {0, 1}
    proba = fitted.predict_proba(X_TEST)
    assert proba.shape == pred.shape and ((proba >= 0) & (proba <= 1)).all()
    assert ((proba >= fitted.threshold) == pred.astype(bool)).all()
    assert fitted.decision_function(X_TEST).shape == pred.shape
    assert [len(x) for x in fitted.predict_labels(X_TEST)] == list(pred.sum(axis=1))


def test_lexicon_features_help_a_small_training_set():
    # two examples per theme: the lexicon's scores carry what the words alone cannot
    small = [TRAIN[i] for i in (0, 1, 6, 7, 11, 12, 16, 17, 21, 22)]
    X, y = split(small)
    with_lexicon = ThemeClassifier(combine="features").fit(X, y)
    words_only = ThemeClassifier(combine="none").fit(X, y)
    test = [(t, labels) for t, labels in HELD_OUT if labels[0] != "生态环保"]
    Xt, yt = split(test)
    assert with_lexicon.score(Xt, yt) > words_only.score(Xt, yt)
    assert with_lexicon.n_features_in_ == words_only.n_features_in_ + len(ThemeLexicon.default())


def test_union_adds_what_the_lexicon_tags():
    # 民主监督 has a single, unrelated-looking example: the classifier alone misses it
    rows = TRAIN + [("对部门工作进行评价打分。", ["民主监督"])]
    X, y = split(rows)
    paragraph = "县政协开展民主监督性视察，形成监督意见8条。"
    alone = ThemeClassifier(combine="none").fit(X, y)
    union = ThemeClassifier(combine="union").fit(X, y)
    assert "民主监督" not in alone.predict_labels([paragraph])[0]
    assert "民主监督" in union.predict_labels([paragraph])[0]
    j = list(union.classes_).index("民主监督")
    assert union.predict_proba([paragraph])[0, j] == 1.0


def test_label_formats():
    texts = X_TRAIN[:12]
    singles = [labels[0] for labels in Y_TRAIN[:12]]
    a = ThemeClassifier(combine="none").fit(texts, singles)
    assert set(a.classes_) == set(singles)
    names = ["提案工作", "社情民意"]
    matrix = np.array([[int(n in labels) for n in names] for labels in Y_TRAIN[:12]])
    b = ThemeClassifier(combine="none", classes=names).fit(texts, matrix)
    assert list(b.classes_) == names
    assert b.predict(["全年立案提案200件。"]).tolist() == [[1, 0]]
    c = ThemeClassifier(combine="none").fit(texts, matrix)
    assert list(c.classes_) == [0, 1]


def test_scikit_learn_conventions():
    clf = ThemeClassifier(C=2.0, combine="union")
    params = clf.get_params()
    assert params["C"] == 2.0 and params["combine"] == "union" and "lexicon" in params
    assert not [k for k in vars(clf) if k.endswith("_")]  # no work in __init__
    with pytest.raises(NotFittedError):
        clf.predict(["提案"])
    assert clf.set_params(threshold=0.4) is clf and clf.threshold == 0.4
    copy = clone(clf)
    assert copy.get_params()["threshold"] == 0.4 and copy is not clf
    assert clf.fit(X_TRAIN, Y_TRAIN) is clf
    assert {"classes_", "vectorizer_", "estimator_", "binarizer_", "lexicon_", "n_features_in_"} <= set(vars(clf))
    back = pickle.loads(pickle.dumps(clf))
    assert (back.predict(X_TEST) == clf.predict(X_TEST)).all()


def test_custom_lexicon_and_ngrams():
    lex = ThemeLexicon.default().with_theme("生态环保", keywords=["污染", "湿地", "垃圾分类", "节能减排"])
    clf = ThemeClassifier(lexicon=lex, ngram_range=(1, 2)).fit(X_TRAIN, Y_TRAIN)
    assert clf.lexicon_ is lex
    assert any(" " in f for f in clf.vectorizer_.get_feature_names_out())  # word bigrams
    assert "生态环保" in clf.predict_labels(["开展垃圾分类督查。"])[0]


def test_bad_inputs():
    with pytest.raises(ValueError, match="combine"):
        ThemeClassifier(combine="both").fit(X_TRAIN, Y_TRAIN)
    with pytest.raises(TypeError, match="not one string"):
        ThemeClassifier().fit("提案", [["提案工作"]])
    with pytest.raises(TypeError, match="as str"):
        ThemeClassifier().fit([1, 2], [["a"], ["b"]])
    with pytest.raises(ValueError, match="rows"):
        ThemeClassifier().fit(X_TRAIN, Y_TRAIN[:-1])


def test_lexicon_scores_are_per_text_and_theme():
    ids = ThemeLexicon.default().ids
    scores = lexicon_scores(["全年收到提案120件，提案办复率100%。", "", "推进书香政协建设"])
    assert scores.shape == (3, len(ids))
    lex = ThemeLexicon.default()
    assert scores[0, ids.index("提案工作")] == pytest.approx(lex["提案工作"].keywords["提案"] + lex["提案工作"].keywords["办复率"])
    assert scores[1].sum() == 0
    assert scores[2, ids.index("书香政协")] == pytest.approx(2.0)
    assert lexicon_scores([]).shape == (0, len(ids))
