"""Reading a cohort member list: every problem names its row and column."""

import pytest

from locality.population.outreach_csv import (
    OutreachFileError,
    decode,
    read_outreach_csv,
)

P1, P2, P3 = "a" * 64, "b" * 64, "c" * 64
HEADER = "person_id,cohort,cohort_version,neighbourhood,reason,rank\n"


def read(text: str, neighbourhood: str = "North"):
    return read_outreach_csv(text, name="list.csv", neighbourhood=neighbourhood)


def problems(text: str, neighbourhood: str = "North") -> list[str]:
    with pytest.raises(OutreachFileError) as exc:
        read(text, neighbourhood)
    return exc.value.problems


def test_a_good_file_gives_its_rows():
    parsed = read(HEADER + f"{P1},frail,2,North,Lives alone,1\n{P2.upper()},frail,2,North,,\n")
    assert (parsed.cohort, parsed.cohort_version) == ("frail", 2)
    assert [(r.row, r.pseudonym, r.reason, r.rank) for r in parsed.rows] == [
        (1, P1, "Lives alone", 1),
        (2, P2, "", None),
    ]


def test_optional_columns_may_be_left_out_and_others_are_ignored():
    parsed = read(f"person_id,age,cohort,cohort_version,neighbourhood\n{P1},81,frail,1,North\n")
    assert parsed.rows[0].rank is None and parsed.rows[0].reason == ""


def test_a_missing_column_is_named():
    assert problems(f"person_id,cohort,neighbourhood\n{P1},frail,North\n") == [
        "list.csv: column cohort_version is missing"
    ]


def test_each_bad_cell_is_named_by_row_and_column():
    text = HEADER + (
        f"{P1},frail,1,North,,1\n"
        f"not-a-pseudonym,frail,1,North,,0\n"
        f"{P1},Frail!,1,North,,\n"
        f"{P3},frail,x,East,,\n"
    )
    found = problems(text)
    assert (
        "list.csv, row 2, column person_id: 'not-a-pseudonym' is not a Locality pseudonym"
        in (found[0])
    )
    assert "list.csv, row 2, column rank: '0' is not a positive whole number" in found
    assert "list.csv, row 3, column person_id: is already on row 1" in found
    assert any(p.startswith("list.csv, row 3, column cohort: 'Frail!'") for p in found)
    assert "list.csv, row 4, column cohort_version: 'x' is not a positive whole number" in found
    assert any(
        p.startswith("list.csv, row 4, column neighbourhood: is 'East', not 'North'") for p in found
    )


def test_one_file_is_one_cohort_and_version():
    found = problems(
        HEADER + f"{P1},frail,1,North,,\n{P2},lonely,1,North,,\n{P3},frail,2,North,,\n"
    )
    assert found == [
        "list.csv, row 2, column cohort: is 'lonely', but row 1 has 'frail': "
        "one file is one cohort",
        "list.csv, row 3, column cohort_version: is '2', but row 1 has '1': one file is one cohort",
    ]


def test_empty_required_cells_are_named():
    found = problems(HEADER + ",,,,,\n")
    assert "list.csv, row 1, column person_id: is empty" in found
    assert "list.csv, row 1, column cohort: is empty" in found
    assert "list.csv, row 1, column cohort_version: is empty" in found
    assert (
        "list.csv, row 1, column neighbourhood: is 'empty', not 'North': a list is "
        "imported for the neighbourhood it was made for" in found
    )


def test_a_row_with_more_cells_than_the_header_is_named():
    assert "list.csv, row 1: more cells than the header has" in problems(
        HEADER + f"{P1},frail,1,North,,1,surplus\n"
    )


def test_a_too_long_reason_is_named():
    assert problems(HEADER + f"{P1},frail,1,North,{'x' * 501},1\n") == [
        "list.csv, row 1, column reason: is 501 characters; the most is 500"
    ]


def test_a_header_only_file_has_no_rows():
    assert problems(HEADER) == ["list.csv: no rows after the header"]
    assert problems("") == [
        f"list.csv: column {c} is missing"
        for c in ("person_id", "cohort", "cohort_version", "neighbourhood")
    ]


def test_the_message_lists_twenty_problems_and_counts_the_rest():
    rows = "".join(f"bad{i},frail,1,North,,\n" for i in range(25))
    with pytest.raises(OutreachFileError) as exc:
        read(HEADER + rows)
    assert len(exc.value.problems) == 25
    assert str(exc.value).startswith("25 problem(s), nothing imported:")
    assert str(exc.value).endswith("... and 5 more problems")


def test_decode_accepts_a_byte_order_mark_and_names_bad_bytes():
    assert decode("\ufeffperson_id".encode(), "list.csv") == "person_id"
    with pytest.raises(OutreachFileError, match=r"list.csv: not UTF-8 text \(byte 3\)"):
        decode(b"ab\xff", "list.csv")
