"""The health page's findings in the site's language.

`reference.health` writes each finding's message in English, for
`cxmaps check --lint` and the pull-request annotations. The ``health/`` page
speaks the site's language: each rule's message has a label
(``health_msg_<rule>``) whose ``{fields}`` are read back from the English
message, periods and numbers written as the language writes them. A message
that no pattern reads (a rule added without a label) is shown as written.
"""

from __future__ import annotations

import re
from contextlib import suppress

from ..language.i18n import Typography, fill
from ..reference.health import Finding

#: What each rule's English message says, as named fields (reference/health.py, reference/delivered.py,
#: source/pitfalls.py write them).
PATTERNS = {
    "journey-without-owner": r"no owner: add 'owner' \(who is accountable for the journey\)",
    "journey-without-expected": r"no step has 'expected': without it no service gap can be seen",
    "step-without-promise": r"step '(?P<step>.*)' has no 'promise'",
    "step-without-customer-actions": r"step '(?P<step>.*)' has no 'customer' actions",
    "moment-without-standard": r"moment of truth '(?P<step>.*)' has no standard on its step",
    "standard-incomplete": r"standard '(?P<objective>.*)' has no (?P<missing>[a-z, ]+)",
    "persona-unused": r"persona '(?P<persona>.*)' appears in no journey",
    "text-cut-by-comment": r"the text stops at '(?P<kept>.*)': ' #' starts a comment, so '(?P<lost>.*)' is not "
    r"published; if it belongs to the text, put the value in quotes: (?P<fix>.*)",
    "placeholder-left": r"'(?P<value>.*)' is a placeholder of `cxmaps new`; replace it before publishing",
    "standard-without-target": r"standard '(?P<standard>.*)' of step '(?P<step>.*)' has no 'target': "
    r"it cannot be checked against measures",
    "target-without-measures": r"standard '(?P<standard>.*)' of step '(?P<step>.*)' has a target but no measures "
    r"in measures/",
    "moment-missed": r"standard '(?P<standard>.*)' of step '(?P<step>.*)', on a moment of truth, missed its target "
    r"in (?P<period>\S+) \((?P<value>[^;]*); (?P<where>.*)\)",
    "measure-stale": r"the latest measure of (?P<what>.*) is from (?P<period>\S+), more than (?P<days>\d+) days "
    r"before the newest measures of its journey \((?P<newest>[^)]*)\)",
    "text-cut-by-comma": r"the list splits '(?P<whole>.*)' at its commas into (?P<count>\d+) items; if it is one text, "
    r"quote it: (?P<fix>.*), or write a block list \(one '- ' item per line\)",
    "csat-five-point": r"csat values (?P<values>.*) look like a 1-5 average: CSAT is the percentage of satisfied "
    r"customers \(0 to 100\), e\.g\. the share who answered 4 or 5",
    # the improvement plan (issue 27, reference/improvements.py)
    "opportunity-still-missed": r"opportunity '(?P<opportunity>.*)' of step '(?P<step>.*)' is done, but standard "
    r"'(?P<standard>.*)' is still missed since (?P<period>\S+) \((?P<value>[^;]*); (?P<where>.*)\)",
    "opportunity-unowned": r"opportunity '(?P<opportunity>.*)' of step '(?P<step>.*)' is (?P<status>planned|in-progress) "
    r"but has no (?P<missing>owner and no due|owner|due)",
    "moment-missed-unaddressed": r"standard '(?P<standard>.*)' of step '(?P<step>.*)', on a moment of truth, is missed "
    r"and no opportunity addresses it: add one with standards: \[.*\]",
    "review-due": r"(?:reviewed (?P<reviewed>\S+)|last changed (?P<changed>\S+) and never reviewed), more than "
    r"(?P<days>\d+) days before the reference's date \((?P<today>[^)]*)\): .*",
}
_COMPILED = {rule: re.compile(pattern, re.S) for rule, pattern in PATTERNS.items()}


class HealthWords:
    """``{{ say(finding) }}``: a finding's message in the site's language."""

    def __init__(self, t: dict[str, str], typo: Typography) -> None:
        self.t = t
        self.typo = typo

    def __call__(self, finding: Finding) -> str:
        message = finding.problem.message
        pattern, label = _COMPILED.get(finding.rule), self.t.get(f"health_msg_{finding.rule}")
        match = pattern.fullmatch(message) if pattern else None
        if not match or not label:
            return message
        fields = {name: value for name, value in match.groupdict().items() if value is not None}
        for name in ("period", "newest"):
            if name in fields:
                fields[name] = self.typo.period(fields[name])
        if finding.rule == "opportunity-unowned":
            fields["status"] = self.t[f"opp_status_{fields['status']}"].lower()
            words = [self.t[f"opp_missing_{name}"] for name in fields["missing"].split(" and no ")]
            fields["missing"] = self.t["opp_missing_join"].join(words)
        if "value" in fields and finding.rule in ("moment-missed", "opportunity-still-missed"):
            with suppress(ValueError, OverflowError):  # written with :g, so a number; never fails the page
                fields["value"] = self.typo.number(float(fields["value"]))
        for name in ("reviewed", "changed", "today"):
            if name in fields:
                fields[name] = self.typo.period(fields[name])
        if finding.rule == "review-due":
            label = self.t.get(f"health_msg_review-due-{'reviewed' if 'reviewed' in fields else 'changed'}", label)
        if "days" in fields:
            fields["days"] = self.typo.number(int(fields["days"]))
        return fill(label, **fields)
