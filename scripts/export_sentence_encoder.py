"""Export all-MiniLM-L6-v2 to the int8 ONNX sentence encoder that ships with onrecord.

python scripts/export_sentence_encoder.py --gold ../shared/data/polnear/dev

Needs the ``train`` extra. Writes encoder.int8.onnx, tokenizer.json and model.json (provenance
and the int8 encoder's agreement with the fp32 original on the gold contents of ``--gold``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from onrecord.embed._export import export_encoder, gold_contents

OUT = Path(__file__).parents[1] / "src" / "onrecord" / "data" / "sentence_encoder"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, required=True, help="PolNeAR dev directory")
    parser.add_argument("--out", type=Path, default=OUT)
    arguments = parser.parse_args()
    agreement = export_encoder(
        arguments.out,
        gold_contents(arguments.gold),
        f"gold contents of {arguments.gold}, cosine to the fp32 torch vectors pooled as"
        " sentence-transformers pools them",
    )
    size = (arguments.out / "encoder.int8.onnx").stat().st_size
    print(f"wrote {arguments.out}: encoder.int8.onnx {size / 2**20:.1f} MiB")
    print(
        f"int8 vs fp32 on {agreement.texts} contents: mean cosine {agreement.mean_cosine:.4f},"
        f" minimum {agreement.min_cosine:.4f}"
    )


if __name__ == "__main__":
    main()
