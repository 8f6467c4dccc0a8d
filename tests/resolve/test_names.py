"""People's names: taken apart by :func:`onrecord.resolve._names.normalized_name`."""

from __future__ import annotations

import pytest

from onrecord.resolve._names import normalized_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mark Milley", ("mark", "milley")),
        ("Milley", ("", "milley")),
        ("Gen. Mark Milley", ("mark", "milley")),
        ("Chairman of the Joint Chiefs of Staff Mark Milley", ("mark", "milley")),
        ("Texas Sen. Ted Cruz", ("ted", "cruz")),
        ("Mrs. Clinton", ("", "clinton")),
        ("Joseph R. Biden Jr.", ("joseph", "biden")),
        ("Donald Trump, Jr.", ("donald", "trump")),
        ("Trump’s", ("", "trump")),
        ("Martin O’Malley", ("martin", "omalley")),
        ("Bill de Blasio", ("bill", "blasio")),
        ("Sen. Ron Johnson (R-Wis.)", ("ron", "johnson")),
        ("James\xa0Comey", ("james", "comey")),
        ("the White House", ("white", "house")),
    ],
)
def test_normalized_name_strips_titles_honorifics_suffixes_and_case(
    name: str, expected: tuple[str, str]
) -> None:
    assert normalized_name(name) == expected
