"""Two dense layers (512 -> 2048 -> 512, ReLU between) over a batch, on the CPU or a GPU.

PERFWATCH_EXAMPLE_DEVICE: "cpu" (PyTorch if installed, else NumPy) or "cuda" (PyTorch with CUDA).
PERFWATCH_EXAMPLE_BATCH: the batch size. Each timed call waits for the GPU to finish, so the
time is the work's, not the launch's.
"""
import os
import sys

import pytest

DEVICE = os.environ.get("PERFWATCH_EXAMPLE_DEVICE", "cpu")
BATCH = int(os.environ.get("PERFWATCH_EXAMPLE_BATCH", "16"))
WIDTH, HIDDEN = 512, 2048

try:
    import torch
except ImportError:
    torch = None


def torch_layers(device):
    generator = torch.Generator().manual_seed(0)
    weights = [torch.randn(WIDTH, HIDDEN, generator=generator).to(device),
               torch.randn(HIDDEN, WIDTH, generator=generator).to(device)]
    inputs = torch.randn(BATCH, WIDTH, generator=generator).to(device)

    def forward():
        with torch.no_grad():
            out = torch.relu(inputs @ weights[0]) @ weights[1]
        if device == "cuda":
            torch.cuda.synchronize()
        return out

    return forward


def numpy_layers():
    import numpy

    random = numpy.random.default_rng(0)
    first = random.standard_normal((WIDTH, HIDDEN), dtype=numpy.float32)
    second = random.standard_normal((HIDDEN, WIDTH), dtype=numpy.float32)
    inputs = random.standard_normal((BATCH, WIDTH), dtype=numpy.float32)

    def forward():
        return numpy.maximum(inputs @ first, 0) @ second

    return forward


def make_forward():
    if DEVICE == "cuda":
        if torch is None or not torch.cuda.is_available():
            message = ("device=cuda needs PyTorch built with CUDA and an NVIDIA GPU; "
                       "run the CPU variant with --param device=cpu")
            print(message, file=sys.stderr)  # perfwatch keeps the harness's stderr tail
            pytest.fail(message)
        return torch_layers("cuda")
    if DEVICE != "cpu":
        pytest.fail(f"PERFWATCH_EXAMPLE_DEVICE={DEVICE}: expected cpu or cuda")
    return torch_layers("cpu") if torch is not None else numpy_layers()


def test_dense(benchmark):
    forward = make_forward()
    forward()  # warm-up: allocations, kernel selection
    result = benchmark(forward)
    assert tuple(result.shape) == (BATCH, WIDTH)
