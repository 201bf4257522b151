"""Runs one doctest file as it is and reports every example, grouped by the section it belongs to.

    python3 run_doctest.py FILE [--json OUT] [--trytond]

A section is the prose line ending in ``::`` above a group of examples (the way Tryton's
scenarios title their steps). Every example runs, also after a failure, so the report shows where
the first failure is and what still passed or failed after it; the exit status is 1 when any
example failed. With ``--trytond`` the output checker and tear-down are trytond's own
(``trytond.tests.test_tryton.doctest_checker`` / ``doctest_teardown``), as its test suite uses
them.
"""

import doctest
import json
import sys


def sections_of(text):
    """Maps each line number (0-based) to the title of the section it is in."""
    titles = []
    current = "(start)"
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.endswith("::") and not stripped.startswith(">>>") and not line.startswith(" "):
            current = stripped[:-2].strip() or current
        titles.append(current)
    return titles


class RecordingRunner(doctest.DocTestRunner):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = []

    def report_start(self, out, test, example):
        pass

    def report_success(self, out, test, example, got):
        self.outcomes.append((example, "ok", None))

    def report_failure(self, out, test, example, got):
        self.outcomes.append((example, "failed", "expected:\n%s\ngot:\n%s" % (example.want.rstrip(), got.rstrip())))

    def report_unexpected_exception(self, out, test, example, exc_info):
        detail = "".join(doctest.traceback.format_exception(*exc_info)[-6:])
        self.outcomes.append((example, "error", detail.rstrip()))


def main(argv):
    args = list(argv)
    json_path = None
    use_trytond = False
    if "--trytond" in args:
        args.remove("--trytond")
        use_trytond = True
    if "--json" in args:
        index = args.index("--json")
        json_path = args[index + 1]
        del args[index : index + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    path = args[0]
    with open(path, encoding="utf-8") as source:
        text = source.read()
    titles = sections_of(text)

    checker = None
    teardown = None
    if use_trytond:
        from trytond.tests.test_tryton import doctest_checker, doctest_teardown

        checker = doctest_checker
        teardown = doctest_teardown

    test = doctest.DocTestParser().get_doctest(text, {"__name__": "__main__"}, path, path, 0)
    runner = RecordingRunner(checker=checker, verbose=False, optionflags=doctest.ELLIPSIS)
    try:
        runner.run(test, out=lambda _: None, clear_globs=False)
    finally:
        if teardown is not None:
            try:
                teardown(test)
            except Exception as error:  # noqa: BLE001 - tear-down problems are reported, not fatal
                print("tear-down failed: %s" % error)

    report = []
    section_order = []
    by_section = {}
    for example, status, detail in runner.outcomes:
        title = titles[example.lineno] if example.lineno < len(titles) else "(end)"
        if title not in by_section:
            by_section[title] = []
            section_order.append(title)
        entry = {"line": example.lineno + 1, "source": example.source.rstrip(), "status": status}
        if detail is not None:
            entry["detail"] = detail
        by_section[title].append(entry)
        report.append(dict(entry, section=title))

    first_failure = next((entry for entry in report if entry["status"] != "ok"), None)
    for title in section_order:
        entries = by_section[title]
        bad = [e for e in entries if e["status"] != "ok"]
        print("%s %s (%d/%d examples)" % ("ok  " if not bad else "FAIL", title, len(entries) - len(bad), len(entries)))
        for entry in bad:
            print("     line %d: %s" % (entry["line"], entry["source"].replace("\n", "\n             ")))
            if first_failure is not None and entry["line"] == first_failure["line"]:
                print("       " + entry["detail"].replace("\n", "\n       "))
    passed = sum(1 for e in report if e["status"] == "ok")
    print("examples: %d passed, %d failed" % (passed, len(report) - passed))
    if first_failure is not None:
        print("first failure: line %d (%s)" % (first_failure["line"], first_failure["section"]))
    if json_path is not None:
        with open(json_path, "w") as out:
            json.dump({"examples": report, "first_failure": first_failure}, out, indent=2)
    return 1 if first_failure is not None else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
