#!/usr/bin/env python3
"""Records what Python Jinja2 3.1 renders for Canon's template conformance corpus.

Run by hand, never in CI (CI has no Python):
    python3 packages/core/scripts/record-jinja-fixtures.py
It writes packages/core/src/template/conformance/jinja-fixtures.json: every case of
conformance/corpus.json, and every example prompt in prompts/ with every case of its golden dataset,
with Jinja2's output, or the error Jinja2 raised. conformance.test.ts renders each entry
with Canon's engine and requires the same bytes (or, for an error, a Canon error).

Jinja2 runs with its defaults (autoescape off, trim_blocks/lstrip_blocks off,
keep_trailing_newline off) and one Canon rule: printing an undefined value is an error
(SPEC: strict rendering), except the else-less inline if (`{{ x if c }}`), whose purpose
is to print nothing.
"""
import copy
import json
import re
import pathlib
import sys

import jinja2
import yaml

assert jinja2.__version__.startswith("3.1"), jinja2.__version__

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "packages/core/src/template/conformance/jinja-fixtures.json"
CORPUS = ROOT / "packages/core/src/template/conformance/corpus.json"


class CanonUndefined(jinja2.Undefined):
    def __str__(self):
        hint = self._undefined_hint or ""
        if "inline if-expression" in hint:
            return ""
        raise jinja2.UndefinedError("attempted to output an undefined value")


env = jinja2.Environment(undefined=CanonUndefined)


# What Python prints for objects without a data representation (`<built-in method …>`, `<Macro 'm'>`,
# `<generator object …>`, `<class 'range'>`, `<Namespace {…}>`): Canon refuses to print those instead.
OBJECT_TEXT = re.compile(r"<[\w .'-]+ at 0x[0-9a-f]+>|<class '\w+'>|<Namespace \{|<Macro '\w+'>")


def record(template, variables):
    try:
        # A fresh copy each time: templates can mutate values (`{{ xs.append(1) }}`).
        output = env.from_string(template).render(**copy.deepcopy(variables))
    except Exception as e:  # noqa: BLE001 - the class is what we record
        return {"error": type(e).__name__, "message": str(e)[:200]}
    if OBJECT_TEXT.search(output):
        return {"error": "ObjectPrinted", "message": output[:200]}
    return {"output": output}


def corpus_entries():
    corpus = json.loads(CORPUS.read_text())
    for case in corpus["cases"]:
        # Cases name a shared set of variables, so the fixture holds each set once.
        yield {"id": case["id"], "template": case["template"], "vars": case["vars"]}, corpus["vars"][case["vars"]]


def example_entries():
    for path in sorted((ROOT / "prompts").glob("*.yaml")):
        prompt = yaml.safe_load(path.read_text())
        dataset = (prompt.get("evaluation") or {}).get("dataset")
        if not dataset:
            continue
        defaults = {k: v["default"] for k, v in prompt.get("inputs", {}).items() if "default" in v}
        templates = (
            [("template", prompt["template"])]
            if "template" in prompt
            else [(f"messages[{i}]", m["content"]) for i, m in enumerate(prompt["messages"])]
        )
        lines = (path.parent / dataset).read_text().splitlines()
        for line in lines:
            if not line.strip():
                continue
            case = json.loads(line)
            variables = {**defaults, **case["vars"]}
            for where, template in templates:
                yield {
                    "id": f"{path.name} {where} {case['id']}",
                    "template": template,
                    "vars": variables,
                }, variables


def main():
    entries = []
    for entry, variables in [*corpus_entries(), *example_entries()]:
        entry.update(record(entry["template"], variables))
        entries.append(entry)
    shared = json.loads(CORPUS.read_text())["vars"]
    fixture = {"jinja2": jinja2.__version__, "vars": shared, "entries": entries}
    OUT.write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n")
    ok = sum(1 for e in entries if "output" in e)
    print(f"{len(entries)} entries ({ok} outputs, {len(entries) - ok} errors) -> {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
