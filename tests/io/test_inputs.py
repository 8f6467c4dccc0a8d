from __future__ import annotations

import codecs
import contextlib
import re
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onrecord.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    NotEnglishError,
)
from onrecord.io._inputs import (
    check_english,
    decode_document,
    expand_paths,
    read_document,
)

POLNEAR = Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear"

ENGLISH = (
    "Senator Elizabeth Warren said on Tuesday that she would not support the nomination, "
    "arguing that the candidate had failed to answer basic questions about his record. "
    '"We deserve better than this," she told reporters outside the Capitol. A spokesman for '
    "the White House declined to comment, but officials privately expressed confidence that "
    "the vote would succeed."
)

FOREIGN = {
    "german": (
        "Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung erneuerbarer "
        "Energien beschlossen. Wirtschaftsminister Robert Habeck sagte in Berlin, man wolle "
        "den Ausbau von Wind- und Solaranlagen deutlich beschleunigen. Kritiker aus der "
        "Opposition warfen der Koalition vor, die Kosten für Verbraucher und mittelständische "
        "Unternehmen zu unterschätzen. Der Bundestag soll noch vor der Sommerpause über den "
        "Entwurf abstimmen."
    ),
    "french": (
        "Le président de la République a annoncé mardi soir une série de mesures destinées à "
        "soutenir le pouvoir d'achat des ménages. Dans une allocution télévisée, il a déclaré "
        "que le gouvernement allait geler les prix de l'énergie jusqu'à la fin de l'année. "
        "L'opposition a immédiatement dénoncé des annonces « insuffisantes » et réclamé un "
        "débat au Parlement. Selon plusieurs économistes, le coût de ces mesures pourrait "
        "dépasser dix milliards d'euros."
    ),
    "spanish": (
        "El Gobierno aprobó este martes en el Consejo de Ministros una reforma de las pensiones "
        "que, según la ministra de Hacienda, garantizará la sostenibilidad del sistema durante "
        "las próximas décadas. Los sindicatos mayoritarios han mostrado su apoyo a la medida, "
        "mientras que la patronal advierte de que el aumento de las cotizaciones sociales "
        "perjudicará a las pequeñas empresas. El texto se debatirá en el Congreso el próximo mes."
    ),
    "italian": (
        "Il presidente del Consiglio ha annunciato ieri a Roma un nuovo piano di investimenti per "
        "le infrastrutture del Mezzogiorno. Secondo il ministro dell'Economia, le risorse saranno "
        "disponibili già dal prossimo anno e serviranno a ridurre il divario tra Nord e Sud. I "
        "sindacati hanno accolto con favore l'iniziativa, ma chiedono maggiori garanzie "
        "sull'occupazione."
    ),
    "portuguese": (
        "O governo federal anunciou nesta segunda-feira um pacote de medidas para conter a alta "
        "dos preços dos alimentos. Segundo o ministro da Fazenda, as ações incluem a redução de "
        "impostos sobre produtos da cesta básica e o aumento do crédito para pequenos "
        "agricultores. Economistas ouvidos pela reportagem afirmam que o impacto deve ser "
        "limitado no curto prazo."
    ),
    "dutch": (
        "De regering heeft dinsdag een nieuw plan gepresenteerd om de woningnood in de grote "
        "steden aan te pakken. Volgens de minister moeten er de komende tien jaar minstens "
        "negenhonderdduizend woningen bij komen. De oppositie noemt het plan te weinig "
        "ambitieus en wijst erop dat de bouwkosten sterk zijn gestegen."
    ),
    "chinese": (
        "国务院总理周三在北京主持召开常务会议，部署进一步稳定经济增长的措施。会议指出，要加大对"
        "中小企业的支持力度，扩大有效投资，促进消费回升。有关专家表示，这些政策有助于提振市场信心，"
        "但仍需密切关注外部环境的变化。"
    ),
    "russian": (
        "Президент России в среду провёл совещание с членами правительства, на котором "
        "обсуждались меры поддержки экономики в условиях санкций. По словам пресс-секретаря "
        "Кремля, особое внимание было уделено развитию транспортной инфраструктуры и "
        "импортозамещению. Эксперты считают, что принятые решения позволят стабилизировать "
        "ситуацию на рынке труда до конца года."
    ),
}


def test_english_paragraph_passes() -> None:
    assert decode_document(ENGLISH.encode()) == ENGLISH


def test_text_is_returned_unaltered() -> None:
    # Offsets into the result must be offsets into the file: no newline or space normalization.
    text = "  " + ENGLISH.replace(". ", ".\r\n\r\n") + "\n\n"
    assert decode_document(text.encode()) == text


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_foreign_language_is_refused(language: str) -> None:
    with pytest.raises(NotEnglishError, match="does not look like English"):
        decode_document(FOREIGN[language].encode())


def test_short_text_is_not_judged() -> None:
    check_english("Guten Morgen, Berlin!")


def test_english_with_a_foreign_quote_passes() -> None:
    check_english(ENGLISH + ' She added: "Ich bin ein Berliner."')


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyInputError, match=r"empty\.txt: file is empty"):
        read_document(path)


def test_whitespace_only() -> None:
    with pytest.raises(EmptyInputError, match="article text is empty"):
        decode_document(b" \n\t\r\n  ")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    with pytest.raises(BinaryInputError, match=r"image\.txt: binary data \(NUL bytes\)"):
        read_document(path)


def test_control_characters_without_nul_are_binary() -> None:
    with pytest.raises(BinaryInputError, match="control characters"):
        decode_document(ENGLISH.encode() + b"\x01\x02\x03\x1b" * 20)


def test_utf16_gets_its_own_advice() -> None:
    with pytest.raises(EncodingError, match="UTF-16"):
        decode_document(codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le"))


def test_invalid_utf8_names_the_byte() -> None:
    latin1 = ("Café society " + ENGLISH).encode("latin-1")
    with pytest.raises(EncodingError, match=r"not valid UTF-8 at byte 3 \(0xe9\)"):
        decode_document(latin1)


def test_bom_is_stripped_and_counted_in_error_positions() -> None:
    assert decode_document(codecs.BOM_UTF8 + ENGLISH.encode()) == ENGLISH
    with pytest.raises(EncodingError, match="at byte 6 "):
        decode_document(codecs.BOM_UTF8 + b"Caf\xe9 " + ENGLISH.encode())


def test_too_large_in_memory() -> None:
    with pytest.raises(InputTooLargeError, match=r"1\.2 MB, above the 1\.0 MB limit"):
        decode_document(b"a " * 600_000)


def test_just_over_the_limit_shows_bytes() -> None:
    with pytest.raises(InputTooLargeError, match="101 bytes, above the 100-byte limit"):
        decode_document(b"a" * 101, max_bytes=100)


def test_large_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    reads: list[int] = []

    class ReadSpy:
        def __init__(self, file: BinaryIO) -> None:
            self.file = file

        def __enter__(self) -> ReadSpy:
            return self

        def __exit__(self, *exc_info: object) -> None:
            self.file.close()

        def fileno(self) -> int:
            return self.file.fileno()

        def read(self, size: int = -1) -> bytes:
            data = self.file.read(size)
            reads.append(len(data))
            return data

    class SpiedPath(type(tmp_path)):  # type: ignore[misc]
        def open(self, *args: Any, **kwargs: Any) -> Any:
            return ReadSpy(super().open(*args, **kwargs))

    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:
        file.truncate(20_000_000)  # sparse: 20 MB on record, nothing written
    path = SpiedPath(huge)
    with pytest.raises(InputTooLargeError, match=r"huge\.txt: file is 20\.0 MB, above the 1\.0 MB"):
        read_document(path)
    assert reads == []


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    assert read_document(path, max_bytes=len(ENGLISH)) == ENGLISH
    with pytest.raises(InputTooLargeError):
        read_document(path, max_bytes=len(ENGLISH) - 1)


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=re.escape(f"no such file or directory: {tmp_path / 'nope.txt'}")
    ):
        read_document(tmp_path / "nope.txt")


def test_read_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


def test_expand_paths(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "notes.md", "sub/c.txt", "page.HTML", "record.json"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(ENGLISH, encoding="utf-8")
    single = str(tmp_path / "notes.md")
    assert expand_paths(["-", str(tmp_path), single]) == [
        "-",
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "page.HTML"),
        str(tmp_path / "record.json"),
        single,
    ]


def test_expand_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing")
    with pytest.raises(InputError, match=re.escape(f"no such file or directory: {missing}")):
        expand_paths([missing])


def test_expand_directory_without_texts(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"no files of the kinds analyzed \(\.txt, \.html, \.htm, \.json\)"
    ):
        expand_paths([str(tmp_path)])


@given(st.binary(max_size=2000))
def test_decode_raises_only_input_errors(data: bytes) -> None:
    try:
        text = decode_document(data, max_bytes=1500)
    except InputError:
        return
    assert text.encode() == data.removeprefix(codecs.BOM_UTF8)


@given(st.text(max_size=300))
def test_decode_of_any_accepted_text_round_trips(text: str) -> None:
    with contextlib.suppress(InputError):
        # A leading U+FEFF is indistinguishable from a byte order mark, which is dropped.
        assert decode_document(text.encode("utf-8", "surrogatepass")) == text.removeprefix("\ufeff")


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR.is_dir(), reason="needs the shared PolNeAR corpus")
def test_every_polnear_article_is_accepted() -> None:
    paths = sorted(POLNEAR.glob("*/text/*.txt"))
    assert len(paths) == 924
    for path in paths:
        read_document(path)
