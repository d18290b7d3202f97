"""汇总表: the 主管部门's summary tables, computed from the collected workbooks.

A summary table is a form definition in forms/summaries/ (docs/collect.md): its list's columns
each say with `from` which collected figure fills them; this module computes those figures per
project (or per unit) and returns an ordinary Workbook — the 主管部门's — holding one form per
summary table, so the same renderer prints it and the same exporter writes it to Excel.

Money is never assumed: each figure is read in the unit of the funds table it comes from and
converted exactly (Decimal, no rounding) into the summary's money unit; the conversion is said in
the table's note. A unit the conversion cannot handle is refused with a message naming it."""
from __future__ import annotations

from decimal import Decimal

import msgspec

from ..definitions.embedded import profile_chooser, profile_for
from ..definitions.summaries import DEFAULT_IDS, summary_registry
from ..domain import figures
from ..domain.checks import Severity, check_workbook
from ..domain.definition import SUMMARY_MONEY, FormDefinition
from ..domain.kinds import linked_value, per_project
from ..domain.model import Form, Workbook
from ..domain.print_code import content_code
from ..domain.printed import fill
from ..domain.scoring.columns import is_scored

NOT_DELIVERED = "未报送"
DELIVERED = "已报送"
TEN_THOUSAND = Decimal(10000)
FACTORS = {("元", "元"): Decimal(1), ("万元", "万元"): Decimal(1),
           ("元", "万元"): 1 / TEN_THOUSAND, ("万元", "元"): TEN_THOUSAND}


class SummaryError(ValueError):
    """A summary that cannot be made honestly (mixed years, an unknown money unit): 中文."""


class Unit(msgspec.Struct):
    """One unit as the summary sees it: its workbook, or None when it delivered nothing."""
    name: str
    code: str
    workbook: Workbook | None = None


def units_from_summary(data: dict) -> list[Unit]:
    """The units of a summary file as read by summary_file.read_summary (delivered, then missing)."""
    out = [Unit(u["workbook"].unit, u["workbook"].unit_code, u["workbook"]) for u in data["units"]]
    return out + [Unit(m["name"], m.get("code", "")) for m in data.get("missing", [])]


def units_from_collection(collection) -> list[Unit]:
    out = [Unit(d.workbook.unit, d.workbook.unit_code, d.workbook) for d in collection.deliveries]
    return out + [Unit(m["name"], m.get("code", "")) for m in collection.missing]


def summary_year(units: list[Unit], year: int | None) -> int:
    """The one year the tables are for: given, or the only year delivered; several → refused."""
    years = sorted({u.workbook.year for u in units if u.workbook is not None})
    if year is not None:
        return year
    if len(years) == 1:
        return years[0]
    if not years:
        raise SummaryError("没有已报送的单位，无法编制汇总表（请指定年度）")
    raise SummaryError(f"汇总表按年度编制，本汇总含 {'、'.join(map(str, years))} 年度的工作簿，请用 --year 指定年度")


class _Converter:
    def __init__(self, target: str, what: str):
        self.target, self.what = target, what
        self.converted: dict[str, set[str]] = {}     # source unit → units (names) converted from it

    def __call__(self, value: Decimal | None, source: str, table_label: str, unit: str, form: Form) -> Decimal | None:
        if value is None:
            return None
        factor = FACTORS.get((source, self.target))
        if factor is None:
            raise SummaryError(f"无法编制{self.what}：{unit}《{form.title or form.id}》的“{table_label}”金额单位为"
                               f"“{source or '（未写明）'}”，无法换算为{self.target}（只能换算元与万元）")
        if factor != 1:
            self.converted.setdefault(source, set()).add(unit)
        return value * factor if factor != 1 else value


def _ref_unit(form: Form, ref: str) -> tuple[str, str]:
    table = form.definition.funds_table(ref.split(".")[0])
    return table.unit, table.label


def _check_status(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "通过"
    parts = ([f"错误 {errors} 处"] if errors else []) + ([f"警告 {warnings} 处"] if warnings else [])
    return "、".join(parts)


def _project_key(form: Form) -> str:
    return "".join((linked_value(form, "project_code") or linked_value(form, "project_name") or form.title).split())


def _form_figures(wb: Workbook, form: Form, findings, convert: _Converter) -> dict:
    d = form.definition
    ex = figures.execution(form)
    budget = spent = None
    if ex is not None and ex.budget is not None:
        budget = convert(ex.budget, *_ref_unit(form, d.execution.budget), wb.unit, form)
        spent = convert(ex.spent, *_ref_unit(form, d.execution.spent), wb.unit, form)
    elif d.budget_total:
        unit, label = _ref_unit(form, d.budget_total)
        budget = convert(figures.budget_total(form), unit, label, wb.unit, form)
    score = grade = None
    if is_scored(d):
        score = figures.score_total(form)
        profile = profile_for(form, wb) if score is not None else None
        g = profile.grade_for(score) if profile is not None else None
        grade = g.name if g else None
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    return {
        "unit": wb.unit, "unit_code": wb.unit_code, "status": DELIVERED,
        "project": linked_value(form, "project_name") or form.title, "project_code": linked_value(form, "project_code"),
        "form_title": form.title, "budget": budget, "spent": spent,
        "execution_rate": ex.rate if ex is not None else None,
        "score_total": score, "grade": grade, "evaluated": "是", "not_evaluated_reason": "",
        "indicator_count": Decimal(len(figures.named_indicators(form))) if d.indicators else None,
        "check_status": _check_status(errors, warnings), "errors": Decimal(errors), "warnings": Decimal(warnings),
        "code": content_code(wb, form),
    }


def _blank(unit: Unit, status: str, reason: str, project: str, check_status: str) -> dict:
    return {"unit": unit.name, "unit_code": unit.code, "status": status, "project": project, "project_code": "",
            "form_title": "", "budget": None, "spent": None, "execution_rate": None, "score_total": None,
            "grade": None, "evaluated": "否", "not_evaluated_reason": reason, "indicator_count": None,
            "check_status": check_status, "errors": None, "warnings": None, "code": ""}


def _stage(form: Form) -> str:
    return form.definition.kind_info.stage if form.definition.kind_info else ""


def project_rows(units: list[Unit], stage: str, convert: _Converter) -> list[dict]:
    """One row per project form of the stage. For self-evaluations, a project whose target the unit
    delivered but no self-evaluation is a row 否 / 未报送该项目的自评表; a unit with no project form
    of the stage one row saying so; a unit that delivered nothing one row 未报送."""
    rows = []
    for unit in units:
        wb = unit.workbook
        if wb is None:
            rows.append(_blank(unit, NOT_DELIVERED, "单位未报送", "—", NOT_DELIVERED))
            continue
        before = len(rows)
        findings = check_workbook(wb, choose=profile_chooser(wb))
        mine = [f for f in wb.forms if per_project(f.definition) and _stage(f) == stage]
        for form in mine:
            rows.append(_form_figures(wb, form, findings.get(form.id, []), convert))
        if stage == "self_eval":
            done = {_project_key(f) for f in mine}
            for form in wb.forms:
                if per_project(form.definition) and _stage(form) == "target" and _project_key(form) not in done:
                    # no figures: the target's budget is another figure (年初) and would skew Σ and 执行率
                    rows.append(_blank(unit, DELIVERED, "未报送该项目的自评表",
                                       linked_value(form, "project_name") or form.title, ""))
                    done.add(_project_key(form))
        if len(rows) == before:
            what = "项目支出绩效自评表" if stage == "self_eval" else "项目支出绩效目标表"
            rows.append(_blank(unit, DELIVERED, f"未报送{what}", "—", f"无{what}"))
    return rows


def unit_rows(units: list[Unit], stage: str, convert: _Converter) -> list[dict]:
    """One row per unit: its unit-wide form of the stage where it has one, else its project forms
    added up (budget, 执行数; 执行率 of the sums; the mean score)."""
    rows = []
    for unit in units:
        wb = unit.workbook
        if wb is None:
            rows.append(_blank(unit, NOT_DELIVERED, "单位未报送", "", NOT_DELIVERED))
            continue
        findings = check_workbook(wb, choose=profile_chooser(wb))
        forms = [f for f in wb.forms if _stage(f) == stage]
        per = [_form_figures(wb, f, findings.get(f.id, []), convert) for f in forms]
        whole = [p for f, p in zip(forms, per) if not per_project(f.definition)]
        if not per:
            rows.append(_blank(unit, DELIVERED, "未报送该类表", "", "无该类表"))
            continue
        row = dict(whole[0]) if whole else dict(per[0])

        def total(key):
            values = [p[key] for p in per if p[key] is not None]
            return sum(values, Decimal(0)) if values else None
        if not whole:
            row["budget"], row["spent"] = total("budget"), total("spent")
            row["execution_rate"] = (figures.round2(row["spent"] / row["budget"] * 100)
                                     if row["spent"] is not None and row["budget"] else None)
            scores = [p["score_total"] for p in per if p["score_total"] is not None]
            row["score_total"] = figures.round2(sum(scores, Decimal(0)) / len(scores)) if scores else None
        row["errors"], row["warnings"] = total("errors"), total("warnings")
        row["indicator_count"] = total("indicator_count")
        row["check_status"] = _check_status(int(row["errors"] or 0), int(row["warnings"] or 0))
        rows.append(row)
    return rows


def summary_form(definition: FormDefinition, units: list[Unit], dept: str, year: int) -> tuple[Form, list[dict]]:
    """One summary table as a form (its list filled, its note written) and its rows (all sources)."""
    spec = definition.summary
    if spec is None:
        raise SummaryError(f"表样 {definition.id} 不是汇总表（没有 [summary]）")
    ldef = definition.list_def(spec.list)
    money = definition.print.money_unit
    convert = _Converter(money, definition.name)
    rows = (project_rows if spec.rows == "project" else unit_rows)(units, spec.stage, convert)
    items = []
    for row in rows:
        item = {}
        for c in ldef.columns:
            value = row.get(c.source)
            if c.type == "number":
                item[c.id] = value if isinstance(value, Decimal) else None
            elif value not in (None, ""):
                item[c.id] = str(value)
        items.append(item)
    holder = Workbook(unit=dept, unit_code="", year=year)
    form = Form(id=definition.id, definition=definition, title="", lists={spec.list: items})
    form.title = fill(definition.default_title, holder, form)
    if spec.note:
        rate_total = any(c.of and c.id in ldef.totals for c in ldef.columns)
        form.sections[spec.note] = note_text(units, rows, convert, money, ldef.item_label, rate_total, spec.stage)
    return form, rows


def note_text(units: list[Unit], rows: list[dict], convert: _Converter, money: str, item_label: str,
              rate_total: bool = False, stage: str = "") -> str:
    delivered = [u for u in units if u.workbook is not None]
    missing = [u for u in units if u.workbook is None]
    projects = sum(1 for r in rows if r["status"] == DELIVERED and r["project"] != "—")
    evaluated = sum(1 for r in rows if r["status"] == DELIVERED and r["project"] != "—" and r["evaluated"] == "是")
    part = f"，其中开展自评的 {evaluated} 个" if stage == "self_eval" else ""
    lines = [f"1．据 {len(delivered)} 个单位报送的工作簿汇总，共 {projects} {item_label}{part}；金额单位：{money}。"]
    n = 2
    if missing:
        lines.append(f"{n}．未报送的单位（{len(missing)} 个）：{'、'.join(u.name for u in missing)}。")
        n += 1
    for source, names in sorted(convert.converted.items()):
        rate = "1 万元 = 10000 元" if {source, money} == {"元", "万元"} else ""
        lines.append(f"{n}．{'、'.join(sorted(names))}的表以{source}填报，已按 {rate} 换算为{money}（未四舍五入，合计按换算后的数额相加）。")
        n += 1
    if rate_total:
        unpaired = sum(1 for r in rows if r.get("budget") is not None and r.get("spent") is None)
        lines.append(f"{n}．合计行的执行率为执行数合计除以预算数合计，不是各项目执行率的平均"
                     + (f"；其中 {unpaired} {item_label}未填执行数，不计入执行率（其预算数仍计入预算数合计）"
                        if unpaired else "") + "。")
    return "\n".join(lines)


def summary_workbook(units: list[Unit], dept: str = "", year: int | None = None,
                     definition_ids: list[str] | None = None) -> tuple[Workbook, dict[str, list[dict]]]:
    """The 主管部门's workbook holding the summary tables (the national two by default), and each
    table's rows with every figure (for the analysis page and the tests)."""
    year = summary_year(units, year)
    units = [u for u in units if u.workbook is None or u.workbook.year == year]
    registry = summary_registry()
    wb = Workbook(unit=dept, unit_code="", year=year)
    all_rows = {}
    for def_id in definition_ids or list(DEFAULT_IDS):
        try:
            definition = registry[def_id]
        except KeyError:
            raise SummaryError(f"未知的汇总表样 “{def_id}”，可用：{'、'.join(registry.ids())}") from None
        form, rows = summary_form(definition, units, dept, year)
        wb.forms.append(form)
        all_rows[form.id] = rows
    return wb, all_rows


def money_columns(definition: FormDefinition) -> list[str]:
    ldef = definition.list_def(definition.summary.list) if definition.summary else None
    return [c.id for c in ldef.columns if c.source in SUMMARY_MONEY] if ldef else []


def summary_analysis(data: dict, year: int | None = None, self_eval_rows: list[dict] | None = None):
    """The 汇总分析 of a summary (read_summary's dict, workbooks decoded): the self-evaluation
    summary's rows (computed when not given), the units' 审核 errors from the overview, the
    units not delivered. The printed analysis page and the GUI's 分析 tab both come from here."""
    from ..domain.summary_analysis import analyse

    units = units_from_summary(data)
    year = summary_year(units, year)
    if self_eval_rows is None:
        _, extra = summary_workbook(units, "", year, ["national_self_eval_summary"])
        self_eval_rows = extra["national_self_eval_summary"]
    errors = [(r["unit"], r["errors"] or 0) for r in data["overview"]
              if r.get("status") != "未报送" and r.get("year") == year]
    return analyse(self_eval_rows, errors, len(data.get("missing", [])))


# ------------------------------------------------------------------ what print and export share

class SummaryTables(msgspec.Struct):
    """The 汇总表 of a summary as `perfdesk summary` and the overview's 汇总 menu print and export
    them: the 主管部门's workbook, each table's rows, and the summary (workbooks decoded)."""
    workbook: Workbook
    rows: dict
    data: dict

    def analysis(self):
        """The 汇总分析 page's figures (from the self-evaluation table's rows when it is one of the tables)."""
        self_eval = next((self.rows[f.id] for f in self.workbook.forms
                          if f.definition.summary.stage == "self_eval"), None)
        return summary_analysis(self.data, self.workbook.year, self_eval)

    @property
    def analysis_title(self) -> str:
        return f"{self.workbook.year}年度项目支出绩效自评汇总分析"


def decoded(data: dict) -> dict:
    """The summary with every unit's workbook a Workbook (read_summary(workbooks=False) and the
    GUI keep them undecoded until needed); the units' dicts are copies, the summary unchanged."""
    from .summary_file import unit_workbook

    out = dict(data)
    out["units"] = [dict(u, workbook=_unit_workbook(u, n, unit_workbook))
                    for n, u in enumerate(data.get("units", []), start=1)]
    return out


def _unit_workbook(unit: dict, n: int, unit_workbook):
    """The unit's Workbook; SummaryError naming the unit when it cannot be read. The 汇总表 adds
    up every delivered unit: one left out silently would make the 合计 wrong, and showing it as
    未报送 would be untrue (it did deliver), so the tables are refused until it can be read."""
    from .review import unit_label

    problem = unit.get("problem")
    if unit.get("workbook") is not None:
        try:
            return unit_workbook(unit)
        except Exception as exc:    # noqa: BLE001 - a damaged entry, or a definition this PC cannot read
            problem = f"{type(exc).__name__}：{exc}" if not isinstance(exc, ValueError) else str(exc)
    try:
        label = unit_label(unit) if unit.get("workbook") is not None else ""
    except Exception:     # noqa: BLE001 - not even the header can be read
        label = ""
    label = label or "".join(x for x in (unit.get("unit", ""), f"（{unit.get('unit_code')}）"
                                         if unit.get("unit_code") else "") if x) or f"第 {n} 个单位"
    raise SummaryError(f"汇总文件中单位“{label}”的工作簿无法读取：{problem or '缺少工作簿'}。"
                       "汇总表须包括每个已报送的单位，缺少它就不能照常合计：请重新汇总该单位报送的文件，"
                       "或在本机安装该单位所用的表样和表类型（表样文件夹的 kinds）后再试。")


def summary_years(data: dict) -> list[int]:
    """The years of the delivered units (a summary of several years prints one at a time)."""
    return sorted({u.workbook.year for u in units_from_summary(decoded(data)) if u.workbook is not None})


def summary_tables(data: dict, dept: str | None = None, year: int | None = None,
                   definition_ids: list[str] | None = None) -> SummaryTables:
    """The 汇总表 of a summary (read_summary's dict; undecoded workbooks are decoded here). dept
    None: the task's issuer, else a blank to fill by hand. SummaryError (Chinese) when it cannot
    be made: several years and no year given, an unknown table, a money unit it cannot convert."""
    data = decoded(data)
    if dept is None:
        dept = (data.get("manifest") or {}).get("issuer") or ""
    workbook, rows = summary_workbook(units_from_summary(data), dept, year, definition_ids)
    return SummaryTables(workbook, rows, data)
