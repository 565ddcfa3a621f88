#!/usr/bin/env python3
"""Generate the ONNX model fixtures used by Sorrel's PREDICT() tests.

Run from anywhere:

    /usr/bin/python3 src/test/python/make_models.py

Needs only Debian's python3-onnx (1.12), python3-sklearn (1.2) and python3-numpy.
Every ONNX graph is built by hand with onnx.helper from the parameters of a fitted
scikit-learn estimator (skl2onnx is not used).  Output goes to
src/test/resources/models/: one <name>.onnx and one <name>.csv per model plus
broken.onnx.  Each CSV holds the exact float32 inputs fed to the graph followed by
the outputs scikit-learn itself computes for them (predict / predict_proba).

The script is deterministic: fixed seeds, no timestamps, so running it twice gives
byte-identical files.

Verification: onnxruntime is not available as a Debian package and onnx 1.12 has
no onnx.reference.ReferenceEvaluator, so the script checks every graph with a small
numpy interpreter (``MiniRuntime`` below) that implements the ops used here with
ONNX Runtime's semantics (including TreeEnsembleClassifier's binary-case label
rule).  If onnxruntime or onnx.reference happen to be importable they are used too.
"""

import io
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "models"))

IR_VERSION = 8          # ONNX Runtime 1.23 loads IR <= 10; 8 is what onnx 1.12 writes
OPSET_AI = 15           # ai.onnx
OPSET_ML = 3            # ai.onnx.ml (TreeEnsemble*_as_tensor attributes need 3)
PRODUCER = "sorrel-make_models"
PRODUCER_VERSION = "1"
TOL = 1e-5

SEED = 20240607


# --------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------

def f32(a):
    return np.asarray(a, dtype=np.float32)


def fmt_f32(v):
    """Shortest decimal string that parses back to exactly this float32 value."""
    v = np.float32(v)
    s = np.format_float_positional(v, unique=True, trim="-")
    # the string must denote the same float32 whether a reader parses it directly as
    # float or as double and then narrows it (checked here for the double path).
    assert np.float32(float(s)) == v, (s, v)
    return s


def fmt_f64(v):
    return repr(float(v))


def init(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def model_from_graph(graph, doc, ml=False):
    opsets = [helper.make_opsetid("", OPSET_AI)]
    if ml:
        opsets.append(helper.make_opsetid("ai.onnx.ml", OPSET_ML))
    m = helper.make_model(graph, opset_imports=opsets, producer_name=PRODUCER,
                          producer_version=PRODUCER_VERSION, doc_string=doc,
                          ir_version=IR_VERSION)
    m.model_version = 1
    onnx.checker.check_model(m)
    try:
        onnx.checker.check_model(m, full_check=True)  # + strict shape/type inference
    except onnx.shape_inference.InferenceError as e:
        # onnx 1.12's shape inference cannot merge seq(map(...)) output types (ZipMap);
        # the structural check above still ran.
        if "ZipMap" not in str(e):
            raise
    return m


def save_model(m, name):
    data = m.SerializeToString()
    path = os.path.join(OUT, name + ".onnx")
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def write_csv(name, header, rows):
    buf = io.StringIO()
    buf.write(",".join(header) + "\n")
    for r in rows:
        assert len(r) == len(header)
        buf.write(",".join(r) + "\n")
    with open(os.path.join(OUT, name + ".csv"), "w", newline="\n") as fh:
        fh.write(buf.getvalue())


def sigmoid_np(z):
    return 1.0 / (1.0 + np.exp(-z))


# --------------------------------------------------------------------------------------
# tree ensembles -> ai.onnx.ml attributes
# --------------------------------------------------------------------------------------

def tree_nodes(trees):
    """Node attributes for a list of sklearn Tree objects (tree ids 0..n-1).

    sklearn sends a sample left when x[feature] <= threshold, so every split node is
    BRANCH_LEQ with truenode = left child.  Thresholds are kept as doubles
    (nodes_values_as_tensor) and the graph casts its float32 input to double in front
    of the ensemble, so the comparisons are exactly the ones sklearn makes.
    """
    a = dict(nodes_treeids=[], nodes_nodeids=[], nodes_featureids=[], nodes_modes=[],
             nodes_values=[], nodes_truenodeids=[], nodes_falsenodeids=[])
    leaves = []  # (tree_id, node_id, sklearn node value array)
    for t, tree in enumerate(trees):
        for n in range(tree.node_count):
            left, right = tree.children_left[n], tree.children_right[n]
            a["nodes_treeids"].append(t)
            a["nodes_nodeids"].append(n)
            if left == -1:
                a["nodes_featureids"].append(0)
                a["nodes_modes"].append("LEAF")
                a["nodes_values"].append(0.0)
                a["nodes_truenodeids"].append(0)
                a["nodes_falsenodeids"].append(0)
                leaves.append((t, n, tree.value[n]))
            else:
                a["nodes_featureids"].append(int(tree.feature[n]))
                a["nodes_modes"].append("BRANCH_LEQ")
                a["nodes_values"].append(float(tree.threshold[n]))
                a["nodes_truenodeids"].append(int(left))
                a["nodes_falsenodeids"].append(int(right))
    vals = a.pop("nodes_values")
    a["nodes_values_as_tensor"] = helper.make_tensor(
        "nodes_values", TensorProto.DOUBLE, [len(vals)], vals)
    return a, leaves


# --------------------------------------------------------------------------------------
# a tiny numpy interpreter for the graphs built here (ORT semantics)
# --------------------------------------------------------------------------------------

class MiniRuntime:
    def __init__(self, model):
        self.model = model
        self.consts = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}

    @staticmethod
    def _attrs(node):
        out = {}
        for a in node.attribute:
            v = helper.get_attribute_value(a)
            if isinstance(v, TensorProto):
                v = numpy_helper.to_array(v)
            elif isinstance(v, bytes):
                v = v.decode()
            elif isinstance(v, list) and v and isinstance(v[0], bytes):
                v = [x.decode() for x in v]
            out[a.name] = v
        return out

    def run(self, feeds):
        env = dict(self.consts)
        env.update(feeds)
        for node in self.model.graph.node:
            ins = [env[n] if n else None for n in node.input]
            outs = getattr(self, "op_" + node.op_type)(ins, self._attrs(node))
            for name, val in zip(node.output, outs):
                env[name] = val
        return {o.name: env[o.name] for o in self.model.graph.output}

    # ai.onnx
    def op_Cast(self, i, a):
        to = {TensorProto.FLOAT: np.float32, TensorProto.DOUBLE: np.float64,
              TensorProto.INT64: np.int64}[a["to"]]
        return [i[0].astype(to)]

    def op_Sub(self, i, a):
        return [i[0] - i[1]]

    def op_Div(self, i, a):
        return [i[0] / i[1]]

    def op_Add(self, i, a):
        return [i[0] + i[1]]

    def op_MatMul(self, i, a):
        return [np.matmul(i[0], i[1])]

    def op_Sigmoid(self, i, a):
        x = i[0]
        return [(1 / (1 + np.exp(-x.astype(np.float64)))).astype(x.dtype)]

    def op_Relu(self, i, a):
        return [np.maximum(i[0], 0).astype(i[0].dtype)]

    def op_Softmax(self, i, a):
        x = i[0].astype(np.float64)
        ax = a.get("axis", -1)
        e = np.exp(x - x.max(axis=ax, keepdims=True))
        return [(e / e.sum(axis=ax, keepdims=True)).astype(i[0].dtype)]

    def op_Concat(self, i, a):
        return [np.concatenate(i, axis=a["axis"])]

    def op_ArgMax(self, i, a):
        r = np.argmax(i[0], axis=a.get("axis", 0)).astype(np.int64)
        if a.get("keepdims", 1):
            r = np.expand_dims(r, a.get("axis", 0))
        return [r]

    def op_Flatten(self, i, a):
        ax = a.get("axis", 1)
        x = i[0]
        return [x.reshape(int(np.prod(x.shape[:ax])), -1)]

    # ai.onnx.ml
    def op_OneHotEncoder(self, i, a):
        cats = a["cats_strings"]
        x = i[0]
        out = np.zeros(x.shape + (len(cats),), dtype=np.float32)
        for idx in np.ndindex(x.shape):
            v = x[idx]
            v = v.decode() if isinstance(v, bytes) else str(v)
            if v in cats:
                out[idx + (cats.index(v),)] = 1.0
            elif not a.get("zeros", 1):
                raise ValueError("unknown category " + v)
        return [out]

    def op_ZipMap(self, i, a):
        labels = a["classlabels_int64s"]
        return [[{int(l): float(np.float32(p)) for l, p in zip(labels, row)} for row in i[0]]]

    @staticmethod
    def _walk(a, x):
        """Return the leaf (tree, node) reached by each row, for every tree."""
        key = {}
        for k, (t, n) in enumerate(zip(a["nodes_treeids"], a["nodes_nodeids"])):
            key[(t, n)] = k
        values = a["nodes_values_as_tensor"]
        trees = sorted(set(a["nodes_treeids"]))
        res = []
        for row in x:
            leaves = []
            for t in trees:
                k = key[(t, 0)]
                while a["nodes_modes"][k] != "LEAF":
                    assert a["nodes_modes"][k] == "BRANCH_LEQ"
                    go_true = row[a["nodes_featureids"][k]] <= values[k]
                    nxt = a["nodes_truenodeids"][k] if go_true else a["nodes_falsenodeids"][k]
                    k = key[(t, nxt)]
                leaves.append((t, a["nodes_nodeids"][k]))
            res.append(leaves)
        return res

    def op_TreeEnsembleRegressor(self, i, a):
        x = i[0]
        w = {}
        tw = a["target_weights_as_tensor"]
        for k, (t, n, tid) in enumerate(zip(a["target_treeids"], a["target_nodeids"], a["target_ids"])):
            w.setdefault((t, n), []).append((tid, tw[k]))
        base = a["base_values_as_tensor"]
        nt = a["n_targets"]
        out = np.zeros((x.shape[0], nt), dtype=np.float64)
        for r, leaves in enumerate(self._walk(a, x)):
            s = np.zeros(nt)
            for lf in leaves:
                for tid, v in w.get(lf, []):
                    s[tid] += v
            out[r] = s + base
        return [out.astype(np.float32)]

    def op_TreeEnsembleClassifier(self, i, a):
        x = i[0]
        labels = a["classlabels_int64s"]
        cw = a["class_weights_as_tensor"]
        w = {}
        for k, (t, n, cid) in enumerate(zip(a["class_treeids"], a["class_nodeids"], a["class_ids"])):
            w.setdefault((t, n), []).append((cid, cw[k]))
        assert a.get("post_transform", "NONE") == "NONE" and "base_values" not in a
        assert len(labels) == 2 and set(a["class_ids"]) == {0, 1}  # the only case built here
        lab = np.zeros(x.shape[0], dtype=np.int64)
        prob = np.zeros((x.shape[0], 2), dtype=np.float32)
        for r, leaves in enumerate(self._walk(a, x)):
            s = np.zeros(2)
            for lf in leaves:
                for cid, v in w.get(lf, []):
                    s[cid] += v
            # ORT, two classes both weighted, no base values: label = 1 iff score1 > 0
            lab[r] = labels[1] if s[1] > 0 else labels[0]
            prob[r] = s
        return [lab, prob]


def run_graph(model, feeds):
    """Run with the best runtime available; returns (runtime name, outputs dict)."""
    try:
        import onnxruntime as ort  # noqa: F401
        sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        names = [o.name for o in sess.get_outputs()]
        return "onnxruntime", dict(zip(names, sess.run(None, feeds)))
    except ImportError:
        pass
    return "numpy-mini", MiniRuntime(model).run(feeds)


VERIFY = []  # rows of the verification table


def verify(name, model, feeds, expected):
    """expected: dict output name -> (array from sklearn, kind) with kind 'exact' or 'close'."""
    rt, got = run_graph(model, feeds)
    for out, (exp, kind) in expected.items():
        g = got[out]
        if isinstance(g, list):  # ZipMap: sequence of maps -> matrix
            keys = sorted(g[0].keys())
            g = np.array([[m[k] for k in keys] for m in g])
        g = np.asarray(g)
        exp = np.asarray(exp)
        assert g.shape == exp.shape, (name, out, g.shape, exp.shape)
        if kind == "exact":
            bad = int(np.sum(g != exp))
            VERIFY.append((name, out, rt, str(g.shape), "mismatches=%d" % bad, bad == 0))
        else:
            diff = float(np.max(np.abs(g.astype(np.float64) - exp)))
            rel = float(np.max(np.abs(g.astype(np.float64) - exp) / np.maximum(1.0, np.abs(exp))))
            ok = rel <= TOL
            VERIFY.append((name, out, rt, str(g.shape),
                           "max_abs=%.3g max_rel=%.3g" % (diff, rel), ok))


# --------------------------------------------------------------------------------------
# datasets
# --------------------------------------------------------------------------------------

def breast_cancer_split():
    d = load_breast_cancer()
    X = f32(d.data).astype(np.float64)  # every value the graph sees is a float32
    y = d.target
    return train_test_split(X, y, test_size=200, random_state=SEED, stratify=y)


def boundary_rows(Xte, yte, fn, lo, hi, want, steps=401):
    """Rows on segments between held-out rows of different classes with fn(x) in [lo, hi].

    fn maps an [n, d] float64 array (float32-exact) to a score; rows are interpolated
    and rounded to float32 before fn is evaluated.
    """
    rng = np.random.RandomState(SEED)
    i0 = np.where(yte == 0)[0]
    i1 = np.where(yte == 1)[0]
    rows = []
    seen = set()
    ts = np.linspace(0.0, 1.0, steps)[:, None]
    for _ in range(200):
        a = Xte[rng.choice(i0)]
        b = Xte[rng.choice(i1)]
        seg = f32((1 - ts) * a + ts * b).astype(np.float64)
        s = fn(seg)
        ok = np.where((s >= lo) & (s <= hi))[0]
        if len(ok):
            k = ok[len(ok) // 2]
            key = seg[k].tobytes()
            if key not in seen:
                seen.add(key)
                rows.append(seg[k])
        if len(rows) >= want:
            break
    return np.array(rows)


# --------------------------------------------------------------------------------------
# 1 + 5: logistic regression on breast_cancer (plain tensors, and ZipMap)
# --------------------------------------------------------------------------------------

def logreg_graph(pipe, zipmap):
    sc, lr = pipe[0], pipe[1]
    inits = [
        init("mean", f32(sc.mean_[None, :])),
        init("scale", f32(sc.scale_[None, :])),
        init("coef", f32(lr.coef_.T)),            # [30, 1]
        init("intercept", f32(lr.intercept_)),   # [1]
        init("one", f32([1.0])),
    ]
    lab, prob = ("output_label", "output_probability") if zipmap else ("label", "probabilities")
    nodes = [
        helper.make_node("Sub", ["float_input", "mean"], ["centered"]),
        helper.make_node("Div", ["centered", "scale"], ["standardized"]),
        helper.make_node("MatMul", ["standardized", "coef"], ["z0"]),
        helper.make_node("Add", ["z0", "intercept"], ["decision"]),          # [N, 1]
        helper.make_node("Sigmoid", ["decision"], ["p1"]),
        helper.make_node("Sub", ["one", "p1"], ["p0"]),
        helper.make_node("Concat", ["p0", "p1"], ["probs" if zipmap else prob], axis=1),
        helper.make_node("ArgMax", ["probs" if zipmap else prob], [lab], axis=1, keepdims=0),
    ]
    outputs = [
        helper.make_tensor_value_info(lab, TensorProto.INT64, ["N"]),
    ]
    if zipmap:
        nodes.append(helper.make_node("ZipMap", ["probs"], [prob], domain="ai.onnx.ml",
                                      classlabels_int64s=[0, 1]))
        map_type = onnx.TypeProto()
        map_type.map_type.key_type = TensorProto.INT64
        map_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
        outputs.append(helper.make_value_info(prob, helper.make_sequence_type_proto(map_type)))
        doc = ("StandardScaler + LogisticRegression (C=1.0) on sklearn breast_cancer; "
               "outputs output_label int64 [N] and output_probability seq(map(int64,float)) "
               "(ZipMap, keys 0 and 1).")
    else:
        # label first, probabilities second (same order as sklearn-onnx converters)
        outputs = [helper.make_tensor_value_info(lab, TensorProto.INT64, ["N"]),
                   helper.make_tensor_value_info(prob, TensorProto.FLOAT, ["N", 2])]
        doc = ("StandardScaler + LogisticRegression (C=1.0) on sklearn breast_cancer; "
               "outputs label int64 [N] and probabilities float [N,2].")
    g = helper.make_graph(
        nodes, "logreg_zipmap_breast_cancer" if zipmap else "logreg_breast_cancer",
        [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, ["N", 30])],
        outputs, initializer=inits)
    return model_from_graph(g, doc, ml=zipmap)


def make_logreg():
    Xtr, Xte, ytr, yte = breast_cancer_split()
    pipe = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000))
    pipe.fit(Xtr, ytr)
    dec = lambda X: pipe.decision_function(X)  # noqa: E731
    extra = boundary_rows(Xte, yte, dec, -0.5, 0.5, 20)
    X = np.vstack([Xte, extra])
    # keep clear of |decision| < 1e-3 where float32 vs float64 could flip the label
    d = dec(X)
    X = X[np.abs(d) >= 1e-3]
    label = pipe.predict(X)
    proba = pipe.predict_proba(X)
    assert np.all(label == np.argmax(proba, axis=1))
    info = {}
    for zipmap, name in ((False, "logreg_breast_cancer"), (True, "logreg_zipmap_breast_cancer")):
        m = logreg_graph(pipe, zipmap)
        save_model(m, name)
        header = ["f%d" % j for j in range(30)] + ["label", "p0", "p1"]
        write_csv(name, header, [[fmt_f32(v) for v in x] + [str(int(l)), fmt_f64(p[0]), fmt_f64(p[1])]
                                 for x, l, p in zip(X, label, proba)])
        lab, prob = ("output_label", "output_probability") if zipmap else ("label", "probabilities")
        verify(name, m, {"float_input": f32(X)},
               {lab: (label, "exact"), prob: (proba, "close")})
        info[name] = dict(rows=len(X), heldout=int(np.sum(np.abs(dec(Xte)) >= 1e-3)),
                          boundary=len(X) - int(np.sum(np.abs(dec(Xte)) >= 1e-3)),
                          train_acc=pipe.score(Xtr, ytr), test_acc=pipe.score(Xte, yte))
    return info


# --------------------------------------------------------------------------------------
# 2: random forest on breast_cancer as TreeEnsembleClassifier
# --------------------------------------------------------------------------------------

def make_forest():
    Xtr, Xte, ytr, yte = breast_cancer_split()
    rf = RandomForestClassifier(n_estimators=50, max_depth=6, random_state=SEED, n_jobs=1)
    rf.fit(Xtr, ytr)
    n = len(rf.estimators_)
    attrs, leaves = tree_nodes([e.tree_ for e in rf.estimators_])
    # Every leaf carries a weight for BOTH classes: p(class k | leaf) / n_estimators, so
    # with post_transform NONE the summed scores are exactly predict_proba's [p0, p1].
    #
    # The node's own label output is NOT used.  ONNX Runtime's binary rule for a
    # TreeEnsembleClassifier whose weights name both classes is "label = 1 iff p1 > 0",
    # which disagrees with the probabilities (49 of the 219 reference rows with ORT
    # 1.23).  With weights for class 1 only ORT gets the label right but writes
    # probabilities [0, p1].  So the graph takes label = ArgMax(probabilities), which is
    # what sklearn's predict does (ties go to the first class in both).
    c_tree, c_node, c_id, c_w = [], [], [], []
    for cls in (0, 1):
        for t, nd, val in leaves:
            counts = val[0]
            p = counts / counts.sum()
            c_tree.append(t)
            c_node.append(nd)
            c_id.append(cls)
            c_w.append(float(p[cls]) / n)
    assert list(rf.classes_) == [0, 1]
    node = helper.make_node(
        "TreeEnsembleClassifier", ["x64"], ["tree_label_unused", "probabilities"], domain="ai.onnx.ml",
        classlabels_int64s=[0, 1], post_transform="NONE",
        class_treeids=c_tree, class_nodeids=c_node, class_ids=c_id,
        class_weights_as_tensor=helper.make_tensor("class_weights", TensorProto.DOUBLE, [len(c_w)], c_w),
        **attrs)
    g = helper.make_graph(
        [helper.make_node("Cast", ["float_input"], ["x64"], to=TensorProto.DOUBLE), node,
         helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0)],
        "forest_breast_cancer",
        [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, ["N", 30])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2])])
    m = model_from_graph(g, "RandomForestClassifier(n_estimators=50, max_depth=6) on sklearn "
                            "breast_cancer as ai.onnx.ml.TreeEnsembleClassifier; outputs label int64 [N] "
                            "and probabilities float [N,2].", ml=True)
    save_model(m, "forest_breast_cancer")

    p1 = lambda X: rf.predict_proba(X)[:, 1]  # noqa: E731
    extra = boundary_rows(Xte, yte, p1, 0.35, 0.65, 20)
    X = np.vstack([Xte, extra])
    proba = rf.predict_proba(X)
    keep = np.abs(proba[:, 1] - 0.5) > 1e-6  # exact ties: sklearn and ORT may break them apart
    X, proba = X[keep], proba[keep]
    label = rf.predict(X)
    assert np.all(label == np.argmax(proba, axis=1))
    header = ["f%d" % j for j in range(30)] + ["label", "p0", "p1"]
    write_csv("forest_breast_cancer", header,
              [[fmt_f32(v) for v in x] + [str(int(l)), fmt_f64(p[0]), fmt_f64(p[1])]
               for x, l, p in zip(X, label, proba)])
    verify("forest_breast_cancer", m, {"float_input": f32(X)},
           {"label": (label, "exact"), "probabilities": (proba, "close")})
    near = int(np.sum(np.abs(proba[:, 1] - 0.5) <= 0.15))
    return {"forest_breast_cancer": dict(rows=len(X), near_boundary=near, nodes=len(attrs["nodes_nodeids"]),
                                         train_acc=rf.score(Xtr, ytr), test_acc=rf.score(Xte, yte))}


# --------------------------------------------------------------------------------------
# 3: gradient boosting regressor on diabetes as TreeEnsembleRegressor
# --------------------------------------------------------------------------------------

def make_gbr():
    d = load_diabetes()
    X = f32(d.data).astype(np.float64)
    y = d.target
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=200, random_state=SEED)
    gbr = GradientBoostingRegressor(n_estimators=100, max_depth=3, learning_rate=0.1,
                                    random_state=SEED)
    gbr.fit(Xtr, ytr)
    trees = [e[0].tree_ for e in gbr.estimators_]
    attrs, leaves = tree_nodes(trees)
    lr = gbr.learning_rate
    t_tree, t_node, t_id, t_w = [], [], [], []
    for t, nd, val in leaves:
        t_tree.append(t)
        t_node.append(nd)
        t_id.append(0)
        t_w.append(float(val[0][0]) * lr)
    base = float(gbr.init_.constant_[0][0])
    node = helper.make_node(
        "TreeEnsembleRegressor", ["x64"], ["variable"], domain="ai.onnx.ml",
        n_targets=1, aggregate_function="SUM", post_transform="NONE",
        base_values_as_tensor=helper.make_tensor("base_values", TensorProto.DOUBLE, [1], [base]),
        target_treeids=t_tree, target_nodeids=t_node, target_ids=t_id,
        target_weights_as_tensor=helper.make_tensor("target_weights", TensorProto.DOUBLE, [len(t_w)], t_w),
        **attrs)
    g = helper.make_graph(
        [helper.make_node("Cast", ["float_input"], ["x64"], to=TensorProto.DOUBLE), node],
        "gbr_diabetes",
        [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, ["N", 10])],
        [helper.make_tensor_value_info("variable", TensorProto.FLOAT, ["N", 1])])
    m = model_from_graph(g, "GradientBoostingRegressor(n_estimators=100, max_depth=3, learning_rate=0.1) "
                            "on sklearn diabetes as ai.onnx.ml.TreeEnsembleRegressor; output variable "
                            "float [N,1].", ml=True)
    save_model(m, "gbr_diabetes")
    pred = gbr.predict(Xte)
    header = ["f%d" % j for j in range(10)] + ["variable"]
    write_csv("gbr_diabetes", header, [[fmt_f32(v) for v in x] + [fmt_f64(p)] for x, p in zip(Xte, pred)])
    verify("gbr_diabetes", m, {"float_input": f32(Xte)}, {"variable": (pred[:, None], "close")})
    return {"gbr_diabetes": dict(rows=len(Xte), nodes=len(attrs["nodes_nodeids"]), base=base,
                                 train_r2=gbr.score(Xtr, ytr), test_r2=gbr.score(Xte, yte))}


# --------------------------------------------------------------------------------------
# 4: MLP on iris
# --------------------------------------------------------------------------------------

def make_mlp():
    d = load_iris()
    X = f32(d.data).astype(np.float64)
    y = d.target
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=50, random_state=SEED, stratify=y)
    mlp = MLPClassifier(hidden_layer_sizes=(16,), activation="relu", solver="lbfgs",
                        alpha=1e-3, max_iter=5000, random_state=SEED)
    mlp.fit(Xtr, ytr)
    assert mlp.out_activation_ == "softmax" and list(mlp.classes_) == [0, 1, 2]
    W1, W2 = mlp.coefs_
    b1, b2 = mlp.intercepts_
    nodes = [
        helper.make_node("MatMul", ["float_input", "W1"], ["h0"]),
        helper.make_node("Add", ["h0", "b1"], ["h1"]),
        helper.make_node("Relu", ["h1"], ["h"]),
        helper.make_node("MatMul", ["h", "W2"], ["o0"]),
        helper.make_node("Add", ["o0", "b2"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
    ]
    g = helper.make_graph(
        nodes, "mlp_iris",
        [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 3])],
        initializer=[init("W1", f32(W1)), init("b1", f32(b1)), init("W2", f32(W2)), init("b2", f32(b2))])
    m = model_from_graph(g, "MLPClassifier(hidden_layer_sizes=(16,), relu, lbfgs) on sklearn iris; "
                            "outputs label int64 [N] (0=setosa,1=versicolor,2=virginica) and "
                            "probabilities float [N,3].")
    save_model(m, "mlp_iris")
    # held-out rows first, then the training rows: the whole data set (150 rows)
    X = np.vstack([Xte, Xtr])
    label = mlp.predict(X)
    proba = mlp.predict_proba(X)
    assert np.all(label == np.argmax(proba, axis=1))
    srt = np.sort(proba, axis=1)
    assert np.min(srt[:, -1] - srt[:, -2]) > 1e-4, "a row is too close to a tie"
    header = ["f0", "f1", "f2", "f3", "label", "p0", "p1", "p2"]
    write_csv("mlp_iris", header, [[fmt_f32(v) for v in x] + [str(int(l))] + [fmt_f64(q) for q in p]
                                   for x, l, p in zip(X, label, proba)])
    verify("mlp_iris", m, {"float_input": f32(X)},
           {"label": (label, "exact"), "probabilities": (proba, "close")})
    return {"mlp_iris": dict(rows=len(X), heldout=len(Xte), train_acc=mlp.score(Xtr, ytr),
                             test_acc=mlp.score(Xte, yte))}


# --------------------------------------------------------------------------------------
# 6: several inputs including a string one
# --------------------------------------------------------------------------------------

CHANNELS = ["web", "app", "store"]


def tips_data(n):
    rng = np.random.RandomState(SEED)
    amount = np.round(rng.lognormal(mean=3.5, sigma=0.7, size=n), 2)       # ~ 5 .. 300
    age = rng.randint(18, 81, size=n).astype(np.float64)
    channel = np.array(CHANNELS)[rng.choice(3, size=n, p=[0.45, 0.35, 0.20])]
    effect = {"web": 0.2, "app": 1.0, "store": -0.9}
    logit = 0.03 * (amount - 40.0) - 0.05 * (age - 45.0) + np.array([effect[c] for c in channel])
    y = (rng.uniform(size=n) < sigmoid_np(logit)).astype(np.int64)
    return f32(amount).astype(np.float64), f32(age).astype(np.float64), channel, y


def make_multi_input(name="multi_input_tips", C=1.0, class_weight=None,
                     what="LogisticRegression"):
    amount, age, channel, y = tips_data(2000)
    idx = np.arange(2000)
    tr, te = idx[:1800], idx[1800:]

    enc = OneHotEncoder(categories=[CHANNELS], handle_unknown="ignore", sparse_output=False)
    enc.fit(channel[tr, None])
    num = np.column_stack([amount, age])
    scaler = StandardScaler().fit(num[tr])

    def features(num_, ch_):
        return np.hstack([scaler.transform(num_), enc.transform(ch_[:, None])])

    lr = LogisticRegression(C=C, class_weight=class_weight, max_iter=5000)
    lr.fit(features(num[tr], channel[tr]), y[tr])

    # reference rows: 200 held-out rows + a few edge rows (unknown channel -> all-zero one-hot)
    e_amount = np.array([12.5, 80.0, 250.0, 40.0, 5.25, 199.99])
    e_age = np.array([30.0, 60.0, 18.0, 45.0, 80.0, 33.0])
    e_channel = np.array(["kiosk", "mobile", "WEB", "phone", "store", "app"])
    R_num = np.vstack([num[te], f32(np.column_stack([e_amount, e_age])).astype(np.float64)])
    R_ch = np.concatenate([channel[te], e_channel])
    F = features(R_num, R_ch)
    label = lr.predict(F)
    proba = lr.predict_proba(F)
    dec = lr.decision_function(F)
    assert np.all(np.abs(dec) >= 1e-3) and np.all(label == np.argmax(proba, axis=1))

    inits = [
        init("num_mean", f32(scaler.mean_[None, :])),
        init("num_scale", f32(scaler.scale_[None, :])),
        init("coef", f32(lr.coef_.T)),          # [5, 1]: amount, age, web, app, store
        init("intercept", f32(lr.intercept_)),
        init("one", f32([1.0])),
    ]
    nodes = [
        helper.make_node("Concat", ["amount", "age"], ["num"], axis=1),
        helper.make_node("Sub", ["num", "num_mean"], ["num_c"]),
        helper.make_node("Div", ["num_c", "num_scale"], ["num_s"]),
        helper.make_node("OneHotEncoder", ["channel"], ["channel_oh3"], domain="ai.onnx.ml",
                         cats_strings=CHANNELS, zeros=1),                     # [N, 1, 3]
        helper.make_node("Flatten", ["channel_oh3"], ["channel_oh"], axis=1),  # [N, 3]
        helper.make_node("Concat", ["num_s", "channel_oh"], ["features"], axis=1),
        helper.make_node("MatMul", ["features", "coef"], ["z0"]),
        helper.make_node("Add", ["z0", "intercept"], ["decision"]),
        helper.make_node("Sigmoid", ["decision"], ["p1"]),
        helper.make_node("Sub", ["one", "p1"], ["p0"]),
        helper.make_node("Concat", ["p0", "p1"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
    ]
    g = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("amount", TensorProto.FLOAT, ["N", 1]),
         helper.make_tensor_value_info("age", TensorProto.FLOAT, ["N", 1]),
         helper.make_tensor_value_info("channel", TensorProto.STRING, ["N", 1])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2])],
        initializer=inits,
        # onnx 1.12 has no type inference for ai.onnx.ml.OneHotEncoder: declare its output
        value_info=[helper.make_tensor_value_info("channel_oh3", TensorProto.FLOAT, ["N", 1, 3])])
    m = model_from_graph(g, what + " on a synthetic tips data set: inputs amount float [N,1], "
                            "age float [N,1], channel string [N,1] (one-hot over web, app, store; "
                            "anything else encodes as all zeros); outputs label int64 [N] and "
                            "probabilities float [N,2].", ml=True)
    save_model(m, name)
    write_csv(name, ["amount", "age", "channel", "label", "p0", "p1"],
              [[fmt_f32(a), fmt_f32(b), c, str(int(l)), fmt_f64(p[0]), fmt_f64(p[1])]
               for (a, b), c, l, p in zip(R_num, R_ch, label, proba)])
    verify(name, m,
           {"amount": f32(R_num[:, :1]), "age": f32(R_num[:, 1:]), "channel": R_ch[:, None].astype(object)},
           {"label": (label, "exact"), "probabilities": (proba, "close")})
    return {name: dict(rows=len(R_ch), edge_rows=len(e_channel), coef=lr.coef_[0].tolist(),
                                     intercept=float(lr.intercept_[0]),
                                     train_acc=lr.score(features(num[tr], channel[tr]), y[tr]),
                                     test_acc=lr.score(features(num[te], channel[te]), y[te]))}


# --------------------------------------------------------------------------------------
# 7: broken model
# --------------------------------------------------------------------------------------

def make_broken():
    with open(os.path.join(OUT, "logreg_breast_cancer.onnx"), "rb") as fh:
        data = fh.read()
    cut = data[: len(data) // 2]  # ends inside the length-delimited GraphProto
    from google.protobuf.message import DecodeError
    try:
        onnx.load_model_from_string(cut)
    except DecodeError:
        pass
    else:
        raise AssertionError("truncated model still parses")
    with open(os.path.join(OUT, "broken.onnx"), "wb") as fh:
        fh.write(cut)
    return {"broken": dict(bytes=len(cut), of=len(data))}


def main():
    os.makedirs(OUT, exist_ok=True)
    np.random.seed(SEED)
    info = {}
    info.update(make_logreg())
    info.update(make_forest())
    info.update(make_gbr())
    info.update(make_mlp())
    info.update(make_multi_input())
    # A challenger for the first: same inputs and outputs, stronger regularisation
    # and balanced class weights, so it predicts a tip more often (the quickstart's
    # PREDICT_VARIANT example routes between the two).
    info.update(make_multi_input("challenger_tips", C=0.05, class_weight="balanced",
                                 what="LogisticRegression (C=0.05, balanced class weights)"))
    info.update(make_broken())

    print("Verification (graph run vs scikit-learn's own outputs, tolerance %g relative to max(1,|x|)):" % TOL)
    w = max(len(r[0]) for r in VERIFY)
    for name, out, rt, shape, res, ok in VERIFY:
        print("  %-*s  %-19s %-11s %-9s %-34s %s" % (w, name, out, rt, shape, res, "OK" if ok else "FAIL"))
    print()
    for k, v in info.items():
        print("  %s: %s" % (k, ", ".join("%s=%s" % (a, (("%.4g" % b) if isinstance(b, float) else b))
                                           for a, b in v.items() if a != "coef")))
    total = 0
    for f in sorted(os.listdir(OUT)):
        total += os.path.getsize(os.path.join(OUT, f))
    print("  total size of %s: %d bytes" % (OUT, total))
    if not all(r[-1] for r in VERIFY):
        print("VERIFICATION FAILED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
