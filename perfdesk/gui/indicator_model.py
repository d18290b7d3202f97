"""The indicator tree of one form as an editable Qt model.

Column 0 is the indicator's name at its level (一级/二级/三级); then level-2 branch columns (履职:
重点工作, 对应项目) and the form's columns. A split value column (`ColumnDef.split`) is shown as
three view columns 指标性质 | 指标值 | 度量单位 over its one stored value: each shows its part
(`split_parts`), and editing one builds the value from the three texts (`value_from_parts`). The model holds no data: it reads the form, turns typed
text into edits pushed on the document, and follows the document's change notifications with the
matching begin/end calls, so views keep their selection and expansion through undo and redo.
"""
from __future__ import annotations

import json
from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication as QApplication

from ..domain import monitor
from ..domain.column_labels import fill as fill_label
from ..domain.definition import ColumnDef
from ..domain.entry import EntryError, cell_display, cell_edit_text, cell_from_text, same_cell
from ..domain.model import MAX_LEVEL, Form, IndicatorNode
from ..domain.places import IndicatorPlace
from ..domain.scoring import columns as scoring_columns
from ..domain.values import OPERATOR_CHOICES, IndicatorValue, Kind, decimal_text, split_parts, value_from_parts
from . import indicator_clipboard as clip
from . import style
from .library_panel import MIME_ENTRY, entries_from_mime
from .roles import CHOICES_ROLE, EDITOR_ROLE, FREE_CHOICE_ROLE, PLACE_ROLE
from ..startup import edits  # loads after the first paint (perfdesk.startup)


MIME_ROWS = clip.MIME_ROWS
SUGGESTION = ColumnDef("suggested_score", "建议得分", "suggestion")
_NOT_PART = object()


def _profile_for(form: Form, workbook=None):
    from ..definitions.embedded import profile_for
    from ..definitions.profiles import ProfileError

    try:
        return profile_for(form, workbook)     # the workbook's own copy for its own definitions
    except (ProfileError, KeyError, OSError):
        return None


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.DecorationRole,
                    EDITOR_ROLE, CHOICES_ROLE, FREE_CHOICE_ROLE, PLACE_ROLE})


class IndicatorTreeModel(QAbstractItemModel):
    def __init__(self, document, form_id: str, parent=None):
        super().__init__(parent)
        self.document = document
        self.form_id = form_id
        self.form: Form = document.workbook.form(form_id)
        ind = self.form.definition.indicators
        columns: list[ColumnDef] = clip.tree_columns(self.form.definition)
        # a self-evaluation shows the score its rule suggests beside the entered one (read-only)
        # (the profile itself, the scorer and the scores come in show_scores, once the form has
        # painted; the shipped default profile applies to every scored table)
        self._scored = scoring_columns.is_scored(self.form.definition)
        self._profile = None
        self._scores = None                 # FormScore, computed on demand, dropped on every change
        self._scoring = False               # no scores until show_scores
        self._lights = None                 # monitoring: path → Light, computed on demand, dropped on change
        if self._scored:
            at = next((i for i, c in enumerate(columns) if c.id == scoring_columns.SCORE), len(columns) - 1)
            columns.insert(at + 1, SUGGESTION)
        # per view column after the name: its definition column, and which part of a split value
        # it shows (0 指标性质, 1 指标值, 2 度量单位; None for a whole cell)
        self.columns: list[ColumnDef] = []
        self.parts: list[int | None] = []
        for c in columns:
            for part in ((0, 1, 2) if c.split and c.type == "value" else (None,)):
                self.columns.append(c)
                self.parts.append(part)
        self.level_labels = ind.level_labels if ind else ("一级指标", "二级指标", "三级指标")
        # node identity → (parent node | None, row, level, its level-1 node); rebuilt on shape changes
        self._info: dict[int, tuple] = {}
        self._keep: dict[int, IndicatorNode] = {}   # internal pointers stay valid while we live
        self._pending = None
        self._moving = None
        self._carried_cache: dict = {}
        self._bold = style.bold(QApplication.font())
        self._reindex()
        document.aboutToApply.connect(self._about_to_apply)
        document.applied.connect(self._applied)

    # -- index bookkeeping ----------------------------------------------------------------
    def _reindex(self) -> None:
        self._info.clear()

        def visit(nodes, parent, level, top):
            for row, node in enumerate(nodes):
                self._info[id(node)] = (parent, row, level, top or node)
                self._keep[id(node)] = node
                visit(node.children, node, level + 1, top or node)

        visit(self.form.indicators, None, 1, None)

    def node(self, index: QModelIndex) -> IndicatorNode | None:
        if not index.isValid():
            return None
        node = index.internalPointer()
        return node if id(node) in self._info else None

    def level(self, index: QModelIndex) -> int:
        node = self.node(index)
        return self._info[id(node)][2] if node is not None else 0

    def path(self, index: QModelIndex) -> tuple[int, ...]:
        node = self.node(index)
        out = []
        while node is not None:
            parent, row, _, _ = self._info[id(node)]
            out.append(row)
            node = parent
        return tuple(reversed(out))

    def index_of(self, path: tuple[int, ...], column: int = 0) -> QModelIndex:
        index = QModelIndex()
        for depth, row in enumerate(path):
            if not 0 <= row < self.rowCount(index):
                return QModelIndex()
            index = self.index(row, column if depth == len(path) - 1 else 0, index)
        return index

    def column_of(self, column_id: str) -> int:
        """The view column of a column id (a split column: its 指标值 part); -1 if none."""
        if not column_id:
            return 0
        for i, c in enumerate(self.columns):
            if c.id == column_id:
                return i + 2 if self.parts[i] == 0 else i + 1
        return -1

    def view_columns(self, column_id: str) -> range:
        """Every view column showing a column id (three for a split one)."""
        found = [i + 1 for i, c in enumerate(self.columns) if c.id == column_id]
        return range(found[0], found[-1] + 1) if found else range(0)

    def part(self, section: int) -> int | None:
        """Which part of a split value a view column shows (None: the whole cell or the name)."""
        return self.parts[section - 1] if 0 < section <= len(self.parts) else None

    def column_label(self, section: int) -> str:
        if section == 0:
            return "／".join(self.level_labels)
        if not 0 < section <= len(self.columns):
            return ""
        column, part = self.columns[section - 1], self.parts[section - 1]
        label = column.label if part is None else column.part_labels[part]
        return fill_label(label, self.form.fields)     # 1-{month}月执行情况 → 1-6月执行情况

    def cell_text(self, node: IndicatorNode, section: int) -> str:
        """What a view column shows of a row (the name, a whole cell or one part of a split value)."""
        if section == 0:
            return node.name
        column, part = self.columns[section - 1], self.parts[section - 1]
        value = node.cells.get(column.id)
        if part is None:
            return cell_display(value, self.form.definition.notation)
        return split_parts(value if isinstance(value, IndicatorValue) else None)[part]

    def _column(self, index: QModelIndex) -> ColumnDef | None:
        """The column of a cell, if a row at this level carries it."""
        if index.column() == 0:
            return None
        node = self.node(index)
        if node is None:
            return None
        _, _, level, top = self._info[id(node)]
        return self._carried(level, top.name)[index.column() - 1]

    def _carried(self, level: int, branch: str) -> list[ColumnDef | None]:
        """Per tree column: the column a row of this level and branch carries there, or None.
        Cached: views ask for every cell and role on each repaint."""
        key = (level, branch)
        carried = self._carried_cache.get(key)
        if carried is None:
            ids = {c.id for c in self.form.columns_for(level, branch)}
            carried = [c if c.id in ids else None for c in self.columns]
            self._carried_cache[key] = carried
        return carried

    # -- structure ------------------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        parent_node = self.node(parent)
        children = self.form.indicators if parent_node is None else parent_node.children
        return self.createIndex(row, column, children[row])

    def parent(self, index=QModelIndex()):
        node = self.node(index)
        if node is None:
            return QModelIndex()
        parent = self._info[id(node)][0]
        if parent is None:
            return QModelIndex()
        return self.createIndex(self._info[id(parent)][1], 0, parent)

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self.node(parent)
        if parent.isValid() and node is None:
            return 0
        return len(self.form.indicators if node is None else node.children)

    def columnCount(self, parent=QModelIndex()):
        return 1 + len(self.columns)

    # -- content --------------------------------------------------------------------------
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.column_label(section) if 0 <= section <= len(self.columns) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == 0:
                return "指标名称：一级、二级、三级逐级缩进"
            if not 0 < section <= len(self.columns):
                return None
            return self._header_tip(self.columns[section - 1], self.parts[section - 1])
        return None

    def _header_tip(self, column: ColumnDef, part: int | None) -> str | None:
        tips = []
        if part is not None:
            labels = column.part_labels
            tips.append(f"“{column.label}”分三栏填写：{labels[0]} | {labels[1]} | {labels[2]}")
            if part == 0:
                tips.append(f"{labels[0]}从下拉列表选择：{' '.join(OPERATOR_CHOICES)}（定性：{labels[1]}为文字）")
        if column.max_chars:
            tips.append(f"限 {column.max_chars} 字")
        return "\n".join(tips) or None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES:
            return None          # decoration, check state, size hints …: nothing here
        node = self.node(index)
        if node is None:
            return None
        _, _, level, top = self._info[id(node)]
        notation = self.form.definition.notation
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return node.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return node.name or None
            if role == Qt.ItemDataRole.FontRole and level == 1:
                return self._bold
            if role == Qt.ItemDataRole.BackgroundRole and level == 1:
                return style.COMPUTED_BACKGROUND
            if role == EDITOR_ROLE:
                return "choice" if level < 3 else "text"
            if role == CHOICES_ROLE:
                return self._name_choices(node, level, top)
            if role == FREE_CHOICE_ROLE:
                return self._free_name(level, top)
            if role == PLACE_ROLE:
                return IndicatorPlace(self.path(index))
            return None
        if self.columns[index.column() - 1] is SUGGESTION:
            return self._suggestion_data(index, role, level)
        column = self._column(index)
        if role == Qt.ItemDataRole.BackgroundRole and level == 1:
            return style.COMPUTED_BACKGROUND
        if column is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column.id == scoring_columns.SCORE:
            row = self._row_score(index)
            if row is not None and row.overridden:
                return style.OVERRIDE_BACKGROUND
        value = node.cells.get(column.id)
        part = self.parts[index.column() - 1]
        if part is not None:
            answer = self._part_data(value, part, role)
            if answer is not _NOT_PART:
                return answer
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_display(value, notation)
        if role == Qt.ItemDataRole.EditRole:
            return cell_edit_text(value, notation)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.type == "number":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(value, IndicatorValue):
            if value.kind is Kind.UNPARSED:
                return style.UNPARSED_BACKGROUND
            if value.kind is Kind.PLACEHOLDER:
                return style.PLACEHOLDER_BACKGROUND
        if role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole) and column.id == "actual_value":
            light = self._light(index)
            if light is not None:       # a monitoring form's warning light, computed, with its rule
                if role == Qt.ItemDataRole.DecorationRole:
                    return style.LIGHT_COLORS[light.colour.value]
                tip = self._tooltip(value, notation)
                return light.reason + (f"\n{tip}" if tip else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(value, notation)
        if role == EDITOR_ROLE:
            return "choice" if column.type == "project_ref" or column.choices else column.type
        if role == CHOICES_ROLE and column.type == "project_ref":
            return self._projects()
        if role == CHOICES_ROLE and column.choices:
            return list(column.choices)
        if role == FREE_CHOICE_ROLE:
            return True
        if role == PLACE_ROLE:
            return IndicatorPlace(self.path(index), column.id)
        return None

    def _part_data(self, value, part: int, role):
        """What differs in one part of a split value (_NOT_PART: as for the whole cell)."""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return split_parts(value if isinstance(value, IndicatorValue) else None)[part]
        if role == EDITOR_ROLE:
            return "choice" if part == 0 else ("part_value", "part_value", "part_unit")[part]
        if role == CHOICES_ROLE and part == 0:
            current = split_parts(value if isinstance(value, IndicatorValue) else None)[0]
            choices = list(OPERATOR_CHOICES)
            return choices if current in choices else [current] + choices   # blank, or an odd sign kept
        if role == FREE_CHOICE_ROLE:
            return part != 0
        if role == Qt.ItemDataRole.TextAlignmentRole and part == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, IndicatorValue):
            tip = self._tooltip(value, self.form.definition.notation)
            return tip if tip else (value.shown if len(value.shown) > 6 else None)
        return _NOT_PART

    # -- the suggested score ---------------------------------------------------------------
    def show_scores(self) -> None:
        """Fill in the 建议得分 column. The panel calls this once it has painted: the scorer
        (its module and the rules' arithmetic) is not needed to show the form's own values."""
        if not self._scored or self._scoring:
            return
        self._scoring = True
        self._profile = _profile_for(self.form, self.document.workbook)
        if self._profile is None:           # no profile (a broken profiles folder): the column stays empty
            return
        for r in range(self.rowCount()):
            self._changed_subtree(self.index(r, 0))

    def _row_score(self, index):
        if self._profile is None or not self._scoring:
            return None
        if self._scores is None:
            from ..domain.scoring.scorer import score_form     # the scorer: when a score is first shown

            self._scores = score_form(self.form, self._profile)
        return self._scores.row(self.path(index))

    def _suggestion_data(self, index, role, level):
        if role == Qt.ItemDataRole.BackgroundRole:
            return style.COMPUTED_BACKGROUND
        if role == PLACE_ROLE:
            return IndicatorPlace(self.path(index), SUGGESTION.id)
        row = self._row_score(index)
        if row is None or row.suggestion.score is None and not row.suggestion.rule:
            return None
        s = row.suggestion
        if role == Qt.ItemDataRole.DisplayRole:
            if s.low is not None and s.high is not None and s.low != s.high:
                return f"{decimal_text(s.low)}～{decimal_text(s.high)}"
            return "" if s.score is None else decimal_text(s.score)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return style.COMPUTED_FOREGROUND
        if role == Qt.ItemDataRole.FontRole and row.overridden:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"按评分规则（{self._profile.name}）：{s.rule}"
            if row.overridden:
                tip += f"\n填报得分 {decimal_text(row.entered)} 与规则不符" + ("，请在说明中写明理由" if not row.reason else "")
            return tip
        return None

    def _tooltip(self, value, notation):
        if isinstance(value, IndicatorValue):
            if value.kind is Kind.UNPARSED:
                return f"无法识别的指标值，按原文保留：{value.text}"
            if value.kind is Kind.PLACEHOLDER:
                return f"“{value.text.strip()}”是占位内容，未给出具体指标值"
            if value.kind in (Kind.QUANTITATIVE, Kind.DEADLINE, Kind.DATE) and value.shown != value.format(notation):
                return f"按输入原样保存和打印；本表写法为“{value.format(notation)}”（表单 → 规范指标值写法）"
        text = cell_display(value, notation)
        return text if len(text) > 12 else None

    def _name_choices(self, node, level, top) -> list[str]:
        ind = self.form.definition.indicators
        if ind is None:
            return []
        if level == 1:
            choices = [b.name for b in ind.level1]
        else:
            branch = ind.branch(top.name)
            choices = list(branch.level2) if branch else []
        if node.name and node.name not in choices:
            choices.insert(0, node.name)
        return choices

    def _free_name(self, level, top) -> bool:
        ind = self.form.definition.indicators
        if level == 1 or ind is None:
            return False
        branch = ind.branch(top.name)
        return branch is None or branch.level2_free or not branch.level2

    def _light(self, index):
        """The warning light of a monitoring form's row (None elsewhere, or when not computable)."""
        if not monitor.is_monitoring(self.form):
            return None
        if self._lights is None:
            rules = self._profile.monitoring if self._profile is not None else monitor.NATIONAL
            self._lights = {x.path: x for x in monitor.form_lights(self.form, rules) if x.path}
        return self._lights.get(tuple(self.path(index)))

    def _projects(self) -> list[str]:
        names = []
        for table in self.form.funds.values():
            names += [line.name for line in table.lines if line.name]
        return names

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        node = self.node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        level = self._info[id(node)][2]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if level < MAX_LEVEL:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        if index.column() == 0 or self._column(index) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def validate(self, index: QModelIndex, text: str) -> str | None:
        """Why typed text cannot go into this cell, or None."""
        column = self._column(index)
        if column is None or self.parts[index.column() - 1] is not None:
            return None     # a part of a split value: any text (定性 values are words)
        try:
            cell_from_text(column, text)
        except EntryError as exc:
            return str(exc)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        text = "" if value is None else str(value)
        path = self.path(index)
        if index.column() == 0:
            new, old, label = text.strip(), node.name, self.level_labels[len(path) - 1]
        else:
            column = self._column(index)
            part = self.parts[index.column() - 1]
            old = node.cells.get(column.id)
            if part is not None:
                # one of 指标性质 | 指标值 | 度量单位: the value is built from the three texts
                parts = list(split_parts(old if isinstance(old, IndicatorValue) else None))
                parts[part] = text.strip()
                new = value_from_parts(*parts)
                new = None if new.is_empty else new
                label = column.part_labels[part]
            else:
                try:
                    new = cell_from_text(column, text)
                except EntryError:
                    return False
                label = column.label
        if same_cell(new, old):
            return True
        column_id = "" if index.column() == 0 else self.columns[index.column() - 1].id
        try:
            self.document.push(edits.SetValue(self.form_id, IndicatorPlace(path, column_id), new),
                               f"修改{label}")
        except edits.EditError:
            return False
        return True

    # -- following the document -----------------------------------------------------------
    def _about_to_apply(self, edit) -> None:
        self._pending = None
        if getattr(edit, "form_id", None) != self.form_id:
            return
        if isinstance(edit, edits.InsertNodes):
            self.beginInsertRows(self.index_of(edit.parent), edit.row, edit.row + len(edit.nodes) - 1)
            self._pending = "insert"
        elif isinstance(edit, edits.RemoveNodes):
            self.beginRemoveRows(self.index_of(edit.parent), edit.row, edit.row + edit.count - 1)
            self._pending = "remove"
        elif isinstance(edit, edits.MoveNode):
            source = self.index_of(edit.path[:-1])
            self._moving = edits.node_at(self.form, edit.path)
            if self.beginMoveRows(source, edit.path[-1], edit.path[-1], self.index_of(edit.parent), edit.row):
                self._pending = "move"
            else:   # not expected (check_move refuses such moves), but stay consistent
                self.beginResetModel()
                self._pending = "reset"

    def _applied(self, edit) -> None:
        if edit is None or getattr(edit, "form_id", None) in (self.form_id, None):
            self._scores = None
            self._lights = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self._reindex()
            {"insert": self.endInsertRows, "remove": self.endRemoveRows,
             "move": self.endMoveRows, "reset": self.endResetModel}[pending]()
            if pending == "move":
                moved = edits.path_of(self.form, self._moving)
                self._moving = None
                if moved:
                    self._changed_subtree(self.index_of(moved))   # cells a move dropped or a level it changed
            return
        if edit is None or getattr(edit, "form_id", None) != self.form_id:
            return
        if isinstance(edit, edits.SetValue) and isinstance(edit.place, IndicatorPlace):
            first = self.index_of(edit.place.path)
            if not first.isValid():
                return
            if edit.place.level == 1 and not edit.place.column_id:
                self._changed_subtree(first)
            else:
                shown = self.view_columns(edit.place.column_id)
                if shown:
                    self.dataChanged.emit(first.siblingAtColumn(shown[0]), first.siblingAtColumn(shown[-1]))
                if self._profile is not None:      # the row's suggested score follows its cells
                    self._changed_subtree(first.siblingAtColumn(0))
        elif isinstance(edit, edits.SetValue) or isinstance(edit, (edits.InsertLines, edits.RemoveLines)):
            # project names feed the 对应项目 choices; nothing shown changes otherwise
            pass

    def _changed_subtree(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        last = self.columnCount() - 1
        self.dataChanged.emit(index, index.siblingAtColumn(last))
        rows = self.rowCount(index)
        if rows:
            self.dataChanged.emit(self.index(0, 0, index), self.index(rows - 1, last, index))
            for r in range(rows):
                self._changed_subtree(self.index(r, 0, index))

    # -- drag and drop --------------------------------------------------------------------
    def supportedDropActions(self):
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self):
        return [MIME_ROWS, MIME_ENTRY, "text/plain"]

    def top_rows(self, indexes) -> list[tuple[int, ...]]:
        """Selected rows without those inside another selected row, in reading order."""
        paths = sorted({self.path(i) for i in indexes if self.node(i) is not None})
        out = []
        for p in paths:
            if not any(p[:len(q)] == q for q in out):
                out.append(p)
        return out

    def mimeData(self, indexes):
        paths = self.top_rows(indexes)
        data = QMimeData()
        if not paths:
            return data
        nodes = [edits.node_at(self.form, p) for p in paths]
        payload = {"form": self.form_id, "definition": self.form.definition.id, "paths": [list(p) for p in paths],
                   "levels": [len(p) for p in paths],
                   "nodes": [clip.node_to_data(self.form, n, p) for n, p in zip(nodes, paths)]}
        data.setData(MIME_ROWS, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        data.setText(clip.rows_to_tsv(self.form, paths))
        return data

    def _drop_target(self, row: int, parent: QModelIndex) -> tuple[tuple[int, ...], int]:
        parent_path = self.path(parent) if parent.isValid() else ()
        if row < 0:
            row = self.rowCount(parent.siblingAtColumn(0) if parent.isValid() else parent)
        return parent_path, row

    def _moves(self, data: QMimeData, row: int, parent: QModelIndex):
        """The nodes an internal drag would move, or None when the drag is from elsewhere."""
        if not data.hasFormat(MIME_ROWS):
            return None
        payload = json.loads(bytes(data.data(MIME_ROWS)).decode("utf-8"))
        if payload.get("form") != self.form_id:
            return None
        try:
            return [edits.node_at(self.form, tuple(p)) for p in payload["paths"]]
        except edits.EditError:
            return None

    def canDropMimeData(self, data, action, row, column, parent):
        if data.hasFormat(MIME_ENTRY):      # from the library: lands under its own category
            from ..domain.library import LibraryError, landing     # the library: on first use

            year = self.document.workbook.year
            for entry in entries_from_mime(data):
                try:
                    landing(self.form, entry, year)
                    return True
                except LibraryError:
                    continue
            return False
        parent_path, row = self._drop_target(row, parent)
        nodes = self._moves(data, row, parent) if action == Qt.DropAction.MoveAction else None
        if nodes:
            try:
                for node in nodes:
                    edits.check_move(self.form, edits.path_of(self.form, node), parent_path, row)
            except edits.EditError:
                return False
            return True
        return bool(clip.nodes_from_mime(self.form, data, len(parent_path) + 1))

    def dropMimeData(self, data, action, row, column, parent):
        if action == Qt.DropAction.IgnoreAction:
            return True
        if data.hasFormat(MIME_ENTRY):
            paths, _problems = self.insert_library_entries(entries_from_mime(data))
            return bool(paths)
        parent_path, row = self._drop_target(row, parent)
        nodes = self._moves(data, row, parent) if action == Qt.DropAction.MoveAction else None
        if nodes:
            return self.move_nodes(nodes, parent_path, row)
        new = clip.nodes_from_mime(self.form, data, len(parent_path) + 1)
        if not new:
            return False
        try:
            self.document.push(edits.InsertNodes(self.form_id, parent_path, row, tuple(new)), "拖入指标")
        except edits.EditError:
            return False
        return True

    def insert_library_entries(self, entries) -> tuple[list[tuple[int, ...]], list[str]]:
        """Insert library entries, each under its own level-1/level-2 (created where the form
        allows), as one undo step. The new rows' paths, and why the others could not go in."""
        from ..domain.library import LibraryError, landing     # the library: on first use

        leaves, problems = [], []
        stack = self.document.undo_stack
        macro = len(entries) > 1
        if macro:
            stack.beginMacro(f"插入 {len(entries)} 条指标")
        try:
            for entry in entries:
                try:
                    where = landing(self.form, entry, self.document.workbook.year)
                    self.document.push(where.edit(self.form_id), f"插入指标 {entry.name}")
                except (LibraryError, edits.EditError) as exc:
                    problems.append(str(exc))
                    continue
                leaves.append(edits.node_at(self.form, where.path))
        finally:
            if macro:
                stack.endMacro()
        # rows inserted before earlier ones shift them: their paths as they are now
        paths = [p for p in (edits.path_of(self.form, n) for n in leaves) if p]
        return paths, problems

    def move_nodes(self, nodes: list[IndicatorNode], parent_path: tuple[int, ...], row: int) -> bool:
        """Move rows (with their subtrees) before `row` of a parent, as one undo step."""
        try:   # the first must be movable, or there is nothing to do (and no empty undo step)
            edits.check_move(self.form, edits.path_of(self.form, nodes[0]), parent_path, row)
        except edits.EditError:
            return False
        anchor = edits.node_at(self.form, parent_path) if parent_path else None
        stack = self.document.undo_stack
        stack.beginMacro("移动指标")
        try:
            for node in nodes:
                target = edits.path_of(self.form, anchor) if anchor is not None else ()
                path = edits.path_of(self.form, node)
                try:
                    self.document.push(edits.MoveNode(self.form_id, path, target, row), "移动指标")
                except edits.EditError:
                    break
                row = edits.path_of(self.form, node)[-1] + 1   # the next one goes right after it
        finally:
            stack.endMacro()
        return True
