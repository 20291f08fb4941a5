"""Each validation rule, proven by breaking the shipped data on purpose and reading the exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from tests.conftest import TODAY


def errors_of(root: Path) -> list[str]:
    kb, report = knowledge.check(root, today=TODAY)
    assert kb is None, "the broken knowledge should not load"
    return [str(p) for p in report.errors]


def replace_in(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace text in a file and return the 1-based line of the first change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_shipped_knowledge_is_clean(kb):
    assert len(kb.services) == 36
    assert kb.central.id == "inter-actions"


def test_malformed_yaml_names_file_and_line(kb_copy):
    path = kb_copy / "services" / "social.yaml"
    line = replace_in(path, "  - id: ecotec", "  - id: ecotec\n    name: {fr: [broken")
    # The parser notices the unclosed bracket on the next line, and says so.
    assert (
        errors_of(kb_copy)[0] == f"services/social.yaml:{line + 2}: YAML syntax error: expected ',' or ']', but got ':'"
    )


def test_duplicate_yaml_key_is_an_error_not_a_silent_overwrite(kb_copy):
    path = kb_copy / "services" / "social.yaml"
    line = replace_in(path, "  - id: ecotec\n", "  - id: ecotec\n    id: ecotec2\n")
    message = errors_of(kb_copy)[0]
    assert message == (
        f"services/social.yaml:{line + 1}: YAML syntax error: duplicate key 'id' "
        f"(first at line {line}); the first value would be lost"
    )


def test_unknown_key(kb_copy):
    path = kb_copy / "services" / "social.yaml"
    line = replace_in(path, "  - id: ecotec\n", "  - id: ecotec\n    opening: always\n")
    assert any(
        e.startswith(f"services/social.yaml:{line + 1} ecotec.opening: unknown field 'opening'")
        for e in errors_of(kb_copy)
    )


def test_missing_mandatory_language(kb_copy):
    path = kb_copy / "services" / "youth.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: mj-gare")
    lb = text.index("      lb: ", text.index("    description:", start))
    end = text.index("\n", lb)
    path.write_text(text[:lb] + text[end + 1 :], encoding="utf-8")
    line = line_of(path, "  - id: mj-gare") + text[start : text.index("    description:", start)].count("\n")
    assert f"services/youth.yaml:{line} mj-gare.description: missing language 'lb'" in errors_of(kb_copy)


def test_duplicate_service_id(kb_copy):
    path = kb_copy / "services" / "youth.yaml"
    first = line_of(path, "  - id: mj-gare")
    second = replace_in(path, "  - id: mj-bonnevoie", "  - id: mj-gare")
    assert (
        f"services/youth.yaml:{second} mj-gare: duplicate id (first defined at services/youth.yaml:{first})"
        in errors_of(kb_copy)
    )


def test_reference_to_an_undefined_service(kb_copy):
    path = kb_copy / "services" / "youth.yaml"
    start = line_of(path, "  - id: mj-gasperich")
    text = path.read_text(encoding="utf-8")
    at = text.index("contact_ref: inter-actions", text.index("  - id: mj-gasperich"))
    path.write_text(
        text[:at] + "contact_ref: inter-action" + text[at + len("contact_ref: inter-actions") :],
        encoding="utf-8",
    )
    assert f"services/youth.yaml:{start} mj-gasperich.contact_ref: unknown service id 'inter-action'" in errors_of(
        kb_copy
    )


def test_topic_referring_to_an_undefined_service(kb_copy):
    path = kb_copy / "categories.yaml"
    line = replace_in(path, "services: [surendettement]", "services: [surendetement]")
    assert f"categories.yaml:{line} debts.services[0]: unknown service id 'surendetement'" in errors_of(kb_copy)


@pytest.mark.parametrize(
    ("ages", "shown"), [("[26, 12]", "[26, 12]"), ("[12]", "[12]"), ("[twelve, 26]", "['twelve', 26]"), ("12", "12")]
)
def test_topic_ages_that_are_not_youngest_and_oldest_name_file_line_topic_and_value(kb_copy, ages, shown):
    path = kb_copy / "categories.yaml"
    line = replace_in(path, "ages: [12, 26]", f"ages: {ages}")
    assert (
        f"categories.yaml:{line} youth.ages: must be [youngest, oldest], two whole numbers of years from 0 to 120, "
        f"not {shown}" in (errors_of(kb_copy))
    )


@pytest.mark.parametrize(
    ("field", "written", "wrong", "message"),
    [
        *[
            ("school_cycles", "[3, 4]", c, "must be a list of school cycles from 1 to 4, like [3, 4]")
            for c in ["[5]", "[0, 1]", "[three]", "3", "[]"]
        ],
        *[
            ("routing_ages", "[8, 12]", a, "must be [youngest, oldest], two whole numbers of years from 0 to 120")
            for a in ["[12, 8]", "[8]", "[eight, 12]", "8"]
        ],
    ],
)
def test_school_cycles_or_routing_ages_that_are_wrong_name_file_line_service_and_value(
    kb_copy, field, written, wrong, message
):
    path = kb_copy / "services" / "children.yaml"
    line = replace_in(path, f"{field}: {written}", f"{field}: {wrong}")
    assert f"services/children.yaml:{line} mr-krounebierg.{field}: {message}, not " in "\n".join(errors_of(kb_copy))


@pytest.mark.parametrize(
    ("wrong", "shown"),
    [
        ('{from: "11-15", to: "04-31"}', "{'from': '11-15', 'to': '04-31'}"),
        ('{from: "15 November", to: "04-15"}', "{'from': '15 November', 'to': '04-15'}"),
        ('{from: "11-15"}', "{'from': '11-15'}"),
        ('"winter"', "'winter'"),
    ],
)
def test_a_season_that_is_no_pair_of_days_names_file_line_service_and_value(kb_copy, wrong, shown):
    path = kb_copy / "services" / "street.yaml"
    line = replace_in(path, 'season: {from: "11-15", to: "04-15"}', f"season: {wrong}")
    assert (
        f'services/street.yaml:{line} wanteraktioun.season: must be {{from: "MM-DD", to: "MM-DD"}}, like '
        f'{{from: "11-15", to: "04-15"}}, not {shown}'
    ) in errors_of(kb_copy)


def test_the_winter_shelters_season_is_read_with_its_source(kb):
    shelter = kb.service("wanteraktioun")
    assert shelter.season == ((11, 15), (4, 15))
    assert any(source.field == "season" for source in shelter.sources)
    assert all(s.season is None for s in kb.services if s.id != "wanteraktioun")


def test_school_cycles_without_a_source_name_the_field(kb_copy):
    path = kb_copy / "services" / "children.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - {field: school_cycles,")
    path.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    line = line_of(path, "    school_cycles: [3, 4]")  # the field without a source is named at its own line
    assert (
        f"services/children.yaml:{line} mr-krounebierg.school_cycles: has no source: add an item to `sources:` "
        f"with field 'school_cycles'"
    ) in errors_of(kb_copy)


@pytest.mark.parametrize("number", ["12", "+352 49 26 6O", "call us", "+1 23"])
def test_bad_phone_number(kb_copy, number):
    path = kb_copy / "services" / "association.yaml"
    line = replace_in(path, '"+352 49 26 60"', f'"{number}"')
    assert (
        f"services/association.yaml:{line} inter-actions.phones[0].number: {number!r} is not a Luxembourg "
        f"or international phone number"
    ) in errors_of(kb_copy)


def test_bad_email(kb_copy):
    path = kb_copy / "services" / "association.yaml"
    line = replace_in(path, "email: inter-actions@inter-actions.lu", "email: inter-actions(at)inter-actions.lu")
    assert (
        f"services/association.yaml:{line} inter-actions.email: 'inter-actions(at)inter-actions.lu' "
        f"is not a valid e-mail address"
    ) in errors_of(kb_copy)


def test_bad_url(kb_copy):
    path = kb_copy / "services" / "association.yaml"
    line = replace_in(path, "url: https://www.inter-actions.lu", "url: www.inter-actions")
    assert (
        f"services/association.yaml:{line} inter-actions.url: 'www.inter-actions' is not a valid http(s) web address"
    ) in errors_of(kb_copy)


def test_coordinates_outside_luxembourg(kb_copy):
    path = kb_copy / "services" / "youth.yaml"
    line = replace_in(path, "latitude: 49.59149", "latitude: 48.85")
    assert any(
        e.startswith(f"services/youth.yaml:{line} mj-gasperich.location.latitude: coordinates 48.85,")
        and e.endswith("are outside Luxembourg")
        for e in errors_of(kb_copy)
    )


def test_reply_template_missing_in_a_language(kb_copy):
    path = kb_copy / "replies" / "pt.yaml"
    text = path.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("privacy:")]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert "replies/pt.yaml:1 privacy: template missing in 'pt' (it is in fr.yaml)" in errors_of(kb_copy)


def test_contact_fact_without_source(kb_copy):
    path = kb_copy / "services" / "youth.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("    contact_ref: inter-actions\n", text.index("  - id: mj-sandweiler"))
    path.write_text(text[:at] + "    email: someone@example.lu\n" + text[at:], encoding="utf-8")
    line = line_of(path, "    email: someone@example.lu")
    assert (
        f"services/youth.yaml:{line} mj-sandweiler.email: has no source: add an item to `sources:` with field 'email'"
    ) in errors_of(kb_copy)


def test_warnings_do_not_stop_loading(kb):
    messages = [w.message for w in kb.warnings]
    assert any("73, côte d'Eich" in m for m in messages), "the conflicting head-office address is flagged"
    assert any("over 5 years ago" in m for m in messages), "old facts are flagged for re-checking"


def test_example_claimed_by_two_services_is_a_warning(kb_copy):
    path = kb_copy / "services" / "youth.yaml"
    replace_in(path, "      fr:\n        - ", "      fr:\n        - conseil surendettement\n        - ")
    social = kb_copy / "services" / "social.yaml"
    replace_in(social, "      fr:\n        - ", "      fr:\n        - conseil surendettement\n        - ")
    kb, report = knowledge.check(kb_copy, today=TODAY)
    assert kb is not None
    assert any("example 'conseil surendettement' is also claimed by" in str(w) for w in report.warnings)


def test_load_raises_with_every_problem(kb_copy):
    replace_in(kb_copy / "services" / "association.yaml", "email: inter-actions@inter-actions.lu", "email: x")
    with pytest.raises(knowledge.KnowledgeError) as caught:
        knowledge.load(kb_copy)
    assert "inter-actions.email" in str(caught.value)


def test_an_out_of_scope_entry_that_is_not_a_message_names_file_line_and_entry(kb_copy):
    path = kb_copy / "out_of_scope" / "en.yaml"
    text = path.read_text(encoding="utf-8")
    first_tag = next(line for line in text.splitlines() if line and not line.startswith(("#", " ")))
    line = replace_in(path, f"{first_tag}\n", f"{first_tag}\n  - 42\n")
    assert errors_of(kb_copy) == [f"out_of_scope/en.yaml:{line + 1} {first_tag[:-1]}[0]: must be a message (text)"]


def test_out_of_scope_files_are_named_by_language(kb_copy):
    (kb_copy / "out_of_scope" / "xx.yaml").write_text("tax:\n  - impots\n", encoding="utf-8")
    assert errors_of(kb_copy) == [
        "out_of_scope/xx.yaml:1: file name must be a language code (fr, lb, de, en, pt), or one and .studied"
    ]


def test_studied_files_are_named_by_language_and_studied(kb_copy):
    (kb_copy / "out_of_scope" / "fr.seen.yaml").write_text("studied:\n  - impots\n", encoding="utf-8")
    assert errors_of(kb_copy) == [
        "out_of_scope/fr.seen.yaml:1: file name must be a language code (fr, lb, de, en, pt), or one and .studied"
    ]


def test_a_studied_message_is_marked_and_keeps_its_language(kb_copy):
    for path in kb_copy.glob("*/*.studied.yaml"):
        path.unlink()
    (kb_copy / "messages" / "pt.studied.yaml").write_text(
        '# studied\nsurendettement:\n  - "o banco ja me ligou tres vezes esta semana por causa do emprestimo"\n',
        encoding="utf-8",
    )
    kb = knowledge.load(kb_copy)
    studied = [m for m in kb.messages if m.studied]
    assert [(m.text[:9], m.kind, m.lang) for m in studied] == [("o banco j", "surendettement", "pt")]
    assert not any(m.studied for m in kb.follow_ups)


def test_a_follow_up_that_is_not_a_message_names_file_line_and_entry(kb_copy):
    path = kb_copy / "follow_ups" / "lb.yaml"
    line = replace_in(path, "\nmoney:\n", "\nmoney:\n  - [wéi vill]\n") + 1
    assert errors_of(kb_copy) == [f"follow_ups/lb.yaml:{line + 1} money[0]: must be a message (text)"]


def test_chit_chat_under_an_unknown_kind_names_file_line_and_kind(kb_copy):
    path = kb_copy / "chit_chat" / "de.yaml"
    line = replace_in(path, "\nbye:\n", "\nciao:\n") + 1
    assert errors_of(kb_copy) == [
        f"chit_chat/de.yaml:{line} ciao: unknown kind (use one of: hello, thanks, bye, bot, chat)"
    ]


def test_an_after_crisis_turn_under_an_unknown_kind_names_file_line_and_kind(kb_copy):
    path = kb_copy / "after_crisis" / "en.yaml"
    line = replace_in(path, "\nongoing:\n", "\nstill:\n") + 1
    assert errors_of(kb_copy) == [f"after_crisis/en.yaml:{line} still: unknown kind (use one of: over, ongoing)"]


def test_the_after_crisis_folder_is_optional(kb_copy):
    for path in (kb_copy / "after_crisis").iterdir():
        path.unlink()
    (kb_copy / "after_crisis").rmdir()
    kb, report = knowledge.check(kb_copy, today=TODAY)
    assert report.errors == [] and kb is not None and kb.after_crisis == ()


def test_a_missing_follow_ups_folder_is_named(kb_copy):
    for path in (kb_copy / "follow_ups").iterdir():
        path.unlink()
    (kb_copy / "follow_ups").rmdir()
    assert errors_of(kb_copy) == ["follow_ups:1: the follow-ups folder is missing"]


def test_a_message_under_an_unknown_service_names_file_line_and_entry(kb_copy):
    path = kb_copy / "messages" / "fr.yaml"
    line = replace_in(path, "\nsurendettement:\n", "\nsurendetement:\n") + 1
    (error,) = errors_of(kb_copy)
    assert error.startswith(f"messages/fr.yaml:{line} surendetement: unknown kind (use one of: ")
