"""The indicator framework: a tree of any depth, loaded from and saved to YAML or a COINr table.

Leaves are indicators (direction, multiplier, type, optional normalisation override); inner
nodes are aggregates. A direction on an aggregate flips every indicator below it (a "risk"
group whose items are all bad news), so an indicator's effective direction is the product
of the directions on its path. Levels follow COINr: indicators are level 1 and a node's level is one
more than its highest child, so the index is the top level. Validation errors name the node.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from parkpulse.rank.aggregate import parse_aggregation
from parkpulse.rank.normalise import parse_normalisation

QUANT = "quant"
QUAL = "qual"


class FrameworkError(ValueError):
    """A framework that cannot be used; the message names the node."""


@dataclass
class Node:
    code: str
    name: str = ""
    weight: float = 1.0
    children: list[Node] = field(default_factory=list)
    # indicator attributes
    direction: int = 1
    multiplier: float = 1.0
    type: str = QUANT
    normalise: str | None = None  # e.g. "minmax:0,100", overrides the framework default
    scale: tuple[float, float] | None = None  # qualitative score range
    # aggregate attributes
    aggregate: str | None = None  # overrides the level's method for this node
    note: str = ""  # source note (published or not)
    parent: Node | None = field(default=None, repr=False, compare=False)

    @property
    def is_indicator(self) -> bool:
        return not self.children

    def walk(self):
        """Pre-order walk over the subtree."""
        yield self
        for child in self.children:
            yield from child.walk()

    def postorder(self):
        for child in self.children:
            yield from child.postorder()
        yield self


@dataclass
class Framework:
    root: Node
    name: str = ""
    normalise: str = "minmax:0,100"
    aggregation: dict[int, str] = field(default_factory=dict)  # level -> method
    default_aggregation: str = "amean"
    source: str = ""
    notes: str = ""
    extra_columns: list[str] = field(default_factory=list)  # data columns that are not indicators (COINr Group etc.)

    def __post_init__(self):
        self._link(self.root, None)
        self.validate()

    # --- structure ---------------------------------------------------------------
    def _link(self, node: Node, parent: Node | None) -> None:
        node.parent = parent
        for c in node.children:
            self._link(c, node)

    @property
    def indicators(self) -> list[Node]:
        return [n for n in self.root.walk() if n.is_indicator]

    @property
    def aggregates(self) -> list[Node]:
        """Aggregate nodes, children before parents (the order to compute them in)."""
        return [n for n in self.root.postorder() if not n.is_indicator]

    @property
    def nodes(self) -> dict[str, Node]:
        return {n.code: n for n in self.root.walk()}

    def node(self, code: str) -> Node:
        try:
            return self.nodes[code]
        except KeyError:
            raise FrameworkError(f"没有节点 {code!r} (unknown node)") from None

    def level(self, node: Node) -> int:
        if node.is_indicator:
            return 1
        return 1 + max(self.level(c) for c in node.children)

    @property
    def levels(self) -> dict[int, list[Node]]:
        out: dict[int, list[Node]] = {}
        for n in self.root.walk():
            out.setdefault(self.level(n), []).append(n)
        return dict(sorted(out.items()))

    @property
    def groups(self) -> list[Node]:
        """The first-level groups: the root's children."""
        return list(self.root.children)

    def method_for(self, node: Node) -> str:
        return node.aggregate or self.aggregation.get(self.level(node)) or self.default_aggregation

    def normalisation_for(self, ind: Node) -> str:
        if ind.normalise:
            return ind.normalise
        if ind.type == QUAL:
            lo, hi = ind.scale or (0.0, 100.0)
            return f"goalposts:{lo:g},{hi:g},100"
        return self.normalise

    def effective_direction(self, node: Node) -> int:
        d = 1
        while node is not None:
            d *= node.direction
            node = node.parent
        return d

    def effective_weights(self) -> dict[str, float]:
        """Each indicator's nominal share of the index: product of sibling-normalised weights."""
        out = {}
        for ind in self.indicators:
            share, node = 1.0, ind
            while node.parent is not None:
                sib = sum(c.weight for c in node.parent.children)
                share *= node.weight / sib if sib else 0.0
                node = node.parent
            out[ind.code] = share
        return out

    # --- validation ----------------------------------------------------------------
    def validate(self) -> None:
        seen: set[str] = set()
        for n in self.root.walk():
            where = f"节点 {n.code!r}"
            if not isinstance(n.code, str) or not n.code.strip():
                raise FrameworkError(f"节点代码为空 (empty node code) under {n.parent.code if n.parent else 'root'!r}")
            if n.direction not in (1, -1):
                raise FrameworkError(f"{where}: 方向必须是 1 或 -1 (direction must be 1 or -1), got {n.direction!r}")
            if n.code in seen:
                raise FrameworkError(f"{where}: 代码重复 (duplicate code)")
            seen.add(n.code)
            if not _finite(n.weight) or n.weight < 0:
                raise FrameworkError(f"{where}: 权重必须是非负数 (weight must be a non-negative number), got {n.weight!r}")
            if n.is_indicator:
                if n is self.root:
                    raise FrameworkError(f"{where}: 框架至少需要一个指标 (framework needs indicators)")
                if not _finite(n.multiplier) or n.multiplier <= 0:
                    raise FrameworkError(f"{where}: 系数必须为正数 (multiplier must be positive), got {n.multiplier!r}")
                if n.type not in (QUANT, QUAL):
                    raise FrameworkError(f"{where}: 类型必须是 quant 或 qual (type must be quant or qual), got {n.type!r}")
                if n.scale is not None and (len(n.scale) != 2 or not n.scale[0] < n.scale[1]):
                    raise FrameworkError(f"{where}: 评分范围必须是 [低, 高] (scale must be [low, high])")
                try:
                    parse_normalisation(self.normalisation_for(n))
                except ValueError as exc:
                    raise FrameworkError(f"{where}: {exc}") from None
            else:
                if not any(c.weight > 0 for c in n.children):
                    raise FrameworkError(f"{where}: 子节点权重全为 0 (all child weights are zero)")
                try:
                    parse_aggregation(self.method_for(n))
                except ValueError as exc:
                    raise FrameworkError(f"{where}: {exc}") from None
        try:
            parse_normalisation(self.normalise)
        except ValueError as exc:
            raise FrameworkError(f"框架默认标准化 (framework normalisation): {exc}") from None

    # --- (de)serialisation -------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "notes": self.notes,
            "normalise": self.normalise,
            "aggregate": self.default_aggregation,
            "aggregation_by_level": {int(k): v for k, v in self.aggregation.items()},
            **({"extra_columns": list(self.extra_columns)} if self.extra_columns else {}),
            "tree": _node_to_dict(self.root),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Framework:
        if not isinstance(data, dict) or "tree" not in data:
            raise FrameworkError("框架缺少 tree (framework needs a 'tree' mapping)")
        root = _node_from_dict(data["tree"], "tree")
        by_level = data.get("aggregation_by_level") or {}
        try:
            by_level = {int(k): str(v) for k, v in by_level.items()}
        except (TypeError, ValueError, AttributeError):
            raise FrameworkError("aggregation_by_level 必须是 层级: 方法 (level: method)") from None
        return cls(
            root=root,
            name=str(data.get("name") or root.name or root.code),
            normalise=str(data.get("normalise") or "minmax:0,100"),
            aggregation=by_level,
            default_aggregation=str(data.get("aggregate") or "amean"),
            source=str(data.get("source") or ""),
            notes=str(data.get("notes") or ""),
            extra_columns=[str(c) for c in data.get("extra_columns") or []],
        )

    @classmethod
    def load(cls, path: str | Path) -> Framework:
        path = Path(path)
        if path.suffix.lower() == ".csv":
            return from_coinr_meta(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise FrameworkError(f"{path}: YAML 格式错误 (bad YAML): {exc}") from None
        except OSError as exc:
            raise FrameworkError(f"{path}: 无法读取 (cannot read): {exc.strerror}") from None
        try:
            return cls.from_dict(data)
        except FrameworkError as exc:
            raise FrameworkError(f"{path}: {exc}") from None

    def dump_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.dump_yaml(), encoding="utf-8")

    def to_coinr_meta(self):
        """The framework as COINr's iMeta table (one row per node)."""
        import pandas as pd

        rows = []
        for n in self.root.walk():
            rows.append({
                "Level": self.level(n), "iCode": n.code, "iName": n.name or n.code,
                # COINr has no group direction: hand it the flattened one
                "Direction": self.effective_direction(n) if n.is_indicator else 1,
                "Weight": n.weight,
                "Type": "Indicator" if n.is_indicator else "Aggregate",
                "Parent": n.parent.code if n.parent else None,
            })
        return pd.DataFrame(rows)


def _finite(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _node_to_dict(n: Node) -> dict[str, Any]:
    d: dict[str, Any] = {"code": n.code, "name": n.name, "weight": n.weight}
    if n.note:
        d["note"] = n.note
    if n.is_indicator:
        d["direction"] = n.direction
        if n.multiplier != 1.0:
            d["multiplier"] = n.multiplier
        d["type"] = n.type
        if n.scale is not None:
            d["scale"] = list(n.scale)
        if n.normalise:
            d["normalise"] = n.normalise
    else:
        if n.direction != 1:
            d["direction"] = n.direction
        if n.aggregate:
            d["aggregate"] = n.aggregate
        d["children"] = [_node_to_dict(c) for c in n.children]
    return d


_NODE_KEYS = {"code", "name", "weight", "children", "direction", "multiplier", "type",
              "normalise", "scale", "aggregate", "note"}


def _node_from_dict(d: Any, where: str) -> Node:
    if not isinstance(d, dict):
        raise FrameworkError(f"{where}: 节点必须是映射 (node must be a mapping)")
    code = d.get("code")
    label = f"节点 {code!r}" if code else where
    if not code or not isinstance(code, (str, int)):
        raise FrameworkError(f"{where}: 节点缺少 code (node has no code)")
    code = str(code)
    unknown = set(d) - _NODE_KEYS
    if unknown:
        raise FrameworkError(f"{label}: 未知字段 (unknown keys) {sorted(unknown)}")
    direction = d.get("direction", 1)
    if isinstance(direction, str):
        direction = {"higher": 1, "lower": -1, "+": 1, "-": -1, "1": 1, "-1": -1}.get(direction.strip().lower(), direction)
    kind = str(d.get("type", QUANT)).lower()
    kind = {"quantitative": QUANT, "qualitative": QUAL, "score": QUAL}.get(kind, kind)
    scale = d.get("scale")
    if scale is not None:
        try:
            scale = (float(scale[0]), float(scale[1]))
        except (TypeError, ValueError, IndexError, KeyError):
            raise FrameworkError(f"{label}: 评分范围必须是 [低, 高] (scale must be [low, high])") from None
    children_raw = d.get("children") or []
    if not isinstance(children_raw, list):
        raise FrameworkError(f"{label}: children 必须是列表 (children must be a list)")
    try:
        weight = float(d.get("weight", 1.0))
        multiplier = float(d.get("multiplier", 1.0))
    except (TypeError, ValueError):
        raise FrameworkError(f"{label}: 权重/系数必须是数字 (weight/multiplier must be numbers)") from None
    return Node(
        code=code,
        name=str(d.get("name") or ""),
        weight=weight,
        children=[_node_from_dict(c, f"{label} 的第 {i + 1} 个子节点") for i, c in enumerate(children_raw)],
        direction=direction,
        multiplier=multiplier,
        type=kind,
        normalise=d.get("normalise"),
        scale=scale,
        aggregate=d.get("aggregate"),
        note=str(d.get("note") or ""),
    )


COINR_META_COLUMNS = ["Level", "iCode", "iName", "Direction", "Weight", "Type", "Parent"]


def from_coinr_meta(source) -> Framework:
    """Build a framework from COINr's iMeta table (a CSV path or a DataFrame).

    Rows of Type ``Indicator`` are leaves, ``Aggregate`` rows are inner nodes; ``Group``,
    ``Denominator`` and ``Other`` rows describe data columns that are not indicators and are
    ignored here. The node without a parent at the highest level is the index.
    """
    import pandas as pd

    name = str(source) if not isinstance(source, pd.DataFrame) else "iMeta"
    if isinstance(source, pd.DataFrame):
        meta = source.copy()
    else:
        try:
            meta = pd.read_csv(source, dtype={"iCode": str, "Parent": str})
        except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise FrameworkError(f"{name}: 无法读取 COINr 元数据表 (cannot read iMeta): {exc}") from None
    missing = [c for c in ["Level", "iCode", "Type", "Parent"] if c not in meta.columns]
    if missing:
        raise FrameworkError(f"{name}: 缺少列 (missing columns) {missing}; COINr iMeta needs {COINR_META_COLUMNS}")
    extra = [str(c).strip() for c in meta.loc[~meta["Type"].isin(["Indicator", "Aggregate"]), "iCode"]]
    meta = meta[meta["Type"].isin(["Indicator", "Aggregate"])]
    nodes: dict[str, Node] = {}
    parents: dict[str, str | None] = {}
    for i, row in meta.iterrows():
        code = str(row["iCode"]).strip()
        where = f"{name} 第 {i + 2} 行 (row {i + 2}), 节点 {code!r}"
        if code in nodes:
            raise FrameworkError(f"{where}: 代码重复 (duplicate iCode)")
        w = row.get("Weight", 1.0)
        d = row.get("Direction", 1)
        try:
            w = 1.0 if pd.isna(w) else float(w)
            d = 1 if pd.isna(d) else int(d)
        except (TypeError, ValueError):
            raise FrameworkError(f"{where}: Weight/Direction 必须是数字 (must be numbers)") from None
        nodes[code] = Node(code=code, name=str(row.get("iName") if pd.notna(row.get("iName", None)) else code),
                           weight=w, direction=d if row["Type"] == "Indicator" else 1)
        parent = row["Parent"]
        parents[code] = None if pd.isna(parent) or str(parent).strip() == "" else str(parent).strip()
    roots = []
    for code, parent in parents.items():
        if parent is None:
            roots.append(code)
            continue
        if parent not in nodes:
            raise FrameworkError(f"{name}: 节点 {code!r} 的上级 {parent!r} 不存在 (unknown Parent)")
        nodes[parent].children.append(nodes[code])
    for code, node in nodes.items():
        is_ind = meta.loc[meta["iCode"].astype(str).str.strip() == code, "Type"].iloc[0] == "Indicator"
        if is_ind and node.children:
            raise FrameworkError(f"{name}: 节点 {code!r} 是指标却有下级 (indicator has children)")
        if not is_ind and not node.children:
            raise FrameworkError(f"{name}: 节点 {code!r} 是汇总节点却没有下级 (aggregate has no children)")
    if len(roots) != 1:
        raise FrameworkError(f"{name}: 需要唯一的顶层指数, 找到 (need exactly one top node, found) {roots}")
    return Framework(root=nodes[roots[0]], name=nodes[roots[0]].name, normalise="minmax:0,100",
                     source=f"COINr iMeta {name}", extra_columns=extra)


def load_framework(spec: str | Path) -> Framework:
    """A preset name (``torch2021``, ``city``) or a path to a YAML file or COINr iMeta CSV."""
    from parkpulse.rank.presets import PRESETS, load_preset

    if str(spec) in PRESETS:
        return load_preset(str(spec))
    path = Path(spec)
    if not path.exists():
        raise FrameworkError(f"{spec}: 既不是预设也不是文件 (not a preset {sorted(PRESETS)} nor a file)")
    return Framework.load(path)
