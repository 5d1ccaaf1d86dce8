"""Sandboxed grading kernels, started by the course's own kernel manager, for tests.

:func:`in_kernels` starts one :class:`crmlab.autograde.GradingKernelManager`
kernel per piece of code, all at the same time, runs each piece in its kernel
as student code would, and returns what each printed (errors as
``Name: message``). A test module that starts kernels imports the autouse
fixture :func:`sandbox_available`.
"""

from __future__ import annotations

import asyncio

import pytest

from crmlab import autograde
from crmlab.autograde import sandbox


@pytest.fixture(scope="module", autouse=True)
def sandbox_available():
    """Skip the module, saying why, where bwrap cannot sandbox a kernel."""
    try:
        sandbox.check_sandbox(sandbox.bwrap_binary())
    except sandbox.SandboxUnavailable as error:
        pytest.skip(f"the grading sandbox cannot run on this machine: {error}")


async def start(**traits):
    km = autograde.GradingKernelManager(kernel_name="python3", **traits)
    await km.start_kernel()
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=120)
    return km, kc


async def run(kc, code: str, timeout: float = 120) -> str:
    out: list[str] = []

    def hook(msg):
        content = msg["content"]
        if msg["msg_type"] == "stream":
            out.append(content["text"])
        elif msg["msg_type"] == "error":
            out.append(f"{content['ename']}: {content['evalue']}")

    await kc.execute_interactive(code, output_hook=hook, timeout=timeout)
    return "".join(out)


async def stop(km, kc):
    kc.stop_channels()
    await km.shutdown_kernel(now=True)


def in_kernels(codes: list[str], **traits) -> list[str]:
    """Run ``codes[i]`` in kernel i; all kernels run at the same time."""

    async def main():
        started = [await start(**traits) for _ in codes]
        try:
            return [await run(kc, code) for (_, kc), code in zip(started, codes, strict=True)]
        finally:
            for km, kc in started:
                await stop(km, kc)

    return asyncio.run(main())
