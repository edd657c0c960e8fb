"""The rule catalogue: every finding code briefkit can report, joined explicitly and sorted.

Each pipeline step defines its own rules next to the code that reports them (loading, schema
validation, the lint families, the cross-file rules, suppressions); this module only joins those
tuples. Nothing registers itself on import, so the catalogue is the same whatever was imported
first, and it cannot be changed at run time.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from briefkit.document.brief import LOAD_RULES
from briefkit.findings import UNSILENCEABLE, Rule
from briefkit.rules import (
    analytic_standards,
    collection,
    editions,
    house_style,
    structure,
    suppressions,
)
from briefkit.validation.schema import SCHEMA_RULES


def _join(*families: Iterable[Rule]) -> Mapping[str, Rule]:
    joined: dict[str, Rule] = {}
    for family in families:
        for rule in family:
            if rule.code in joined:
                raise RuntimeError(f"rule code {rule.code} is defined twice")
            joined[rule.code] = rule
    return MappingProxyType(dict(sorted(joined.items())))


RULES: Mapping[str, Rule] = _join(
    LOAD_RULES,
    SCHEMA_RULES,
    structure.RULES,
    house_style.RULES,
    analytic_standards.RULES,
    collection.RULES,
    editions.RULES,
    suppressions.RULES,
)
"""Every rule by code, in code order; read-only."""

LINT_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES.values() if rule.check is not None)
"""The rules :func:`briefkit.lint_brief` runs, in code order."""

COLLECTION_RULES: tuple[Rule, ...] = tuple(
    rule for rule in RULES.values() if rule.check_collection is not None
)
"""The rules ``briefkit check`` runs over all briefs together, in code order."""


def explain(rule: Rule) -> str:
    """What ``briefkit rules CODE`` prints (and the editor shows on hover): the rule, why it
    exists, a bad and a good example, and whether it can be suppressed."""
    source = (
        "checked while loading or validating"
        if rule.check is None and rule.check_collection is None
        else "checked by lint"
        if rule.check
        else "checked by 'briefkit check' across briefs"
    )
    parts = [
        f"{rule.code} {rule.name} ({rule.severity.value} by default, {source})",
        rule.summary,
        textwrap.fill(rule.explanation, width=88),
        f"Bad:\n    {rule.bad}",
        f"Good:\n    {rule.good}",
    ]
    if rule.code in UNSILENCEABLE:
        parts.append(
            "Cannot be suppressed: rendering and publishing rely on it "
            "(x-briefkit.ignore and the configuration pass over it)."
        )
    if rule.known_problems:
        parts.append("Known problems:\n" + textwrap.fill(rule.known_problems, width=88))
    return "\n\n".join(parts)
