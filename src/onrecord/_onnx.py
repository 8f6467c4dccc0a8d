"""How every shipped ONNX model runs: on the CPU, one thread per process."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from onrecord.errors import ModelNotFoundError

if TYPE_CHECKING:
    from pathlib import Path


def cpu_session(path: Path) -> Any:
    """An onnxruntime session of the model at ``path``; ``ModelNotFoundError`` if it cannot load.

    One thread, unless ``ONRECORD_THREADS`` says otherwise: parallelism comes from worker
    processes, and a second thread inside each of them only fights its neighbours for the same
    cores.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = int(os.environ.get("ONRECORD_THREADS", "1"))
    options.inter_op_num_threads = 1
    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime raises its own untyped exceptions
        raise ModelNotFoundError(f"cannot load {path}: {error}") from None
