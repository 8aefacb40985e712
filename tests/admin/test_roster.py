"""Reading a CSV of people: every bad row named with its own line number (pure)."""

from __future__ import annotations

from server.accounts.roster import read_people


def test_good_rows_are_read_with_normalised_email_and_role() -> None:
    rows, problems = read_people("Email,Name,Role\nA@X.org,Ann,Quality assurer\nb@x.org,Bo,worker\n")
    assert problems == []
    assert [(r.line, r.email, r.role) for r in rows] == [
        (2, "a@x.org", "quality_assurer"), (3, "b@x.org", "worker")]


def test_every_bad_row_is_named_with_its_line_and_problem() -> None:
    text = ("name,email,role\n"
            ",nameless@x.org,worker\n"
            "Ann,not-an-address,worker\n"
            "Bo,bo@x.org,cook\n"
            "Cy,cy@x.org,worker\n"
            "Cy again,CY@x.org,assessor\n")
    rows, problems = read_people(text)
    assert [r.email for r in rows] == ["cy@x.org"]
    assert [(p.line, p.problem) for p in problems] == [
        (2, "The name is missing."),
        (3, "'not-an-address' is not an e-mail address."),
        (4, "The role 'cook' is not one of worker, assessor, quality_assurer, administrator."),
        (6, "cy@x.org is already on line 5."),
    ]


def test_a_file_without_the_columns_is_refused_on_its_first_line() -> None:
    rows, problems = read_people("full name;mail\nAnn;a@x.org\n")
    assert rows == [] and problems[0].line == 1 and "missing: name, email, role" in problems[0].problem


def test_blank_lines_and_a_byte_order_mark_are_ignored() -> None:
    rows, problems = read_people("\ufeffname,email,role\n\nAnn,a@x.org,worker\n,,\n")
    assert problems == [] and [r.line for r in rows] == [3]


def test_an_empty_file_says_so() -> None:
    assert "empty" in read_people("")[1][0].problem
    assert "nobody" in read_people("name,email,role\n")[1][0].problem


def test_a_file_with_old_mac_line_ends_is_read_like_any_other() -> None:
    # a lone carriage return ended a line (schemathesis found it answered 500)
    rows, problems = read_people("name,email,role\rAnn,ann@x.org,worker\r")
    assert problems == [] and [(r.line, r.email) for r in rows] == [(2, "ann@x.org")]


def test_text_that_is_not_csv_is_named_by_its_line_not_a_server_error() -> None:
    from server.enrolments.roster import read_enrolments

    for read in (read_people, read_enrolments):
        rows, problems = read('name,email,role\nAnn,"ann@x.org,worker\nBo,bo@x.org,worker\n')  # type: ignore[operator]
        assert rows == [] and len(problems) == 1, problems
        assert problems[0].problem.startswith("This line cannot be read as CSV"), problems
