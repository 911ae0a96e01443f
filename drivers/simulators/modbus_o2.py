"""A simulated residual-O2 analyser: a pymodbus Modbus RTU server on one end of a cross-wired pty pair.

The driver opens :attr:`ModbusO2Simulator.port`; the server (pymodbus ``SimDevice``) listens on
the other end. Faults act where they would on a real line: unplugging removes the driver's port,
garbage and partial frames are made on the wire by the pump, slow replies and device errors in
the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from pymodbus.constants import ExcCodes
from pymodbus.framer import FramerType
from pymodbus.server import ModbusSerialServer
from pymodbus.simulator import DataType, SimData, SimDevice

from drivers.base import SerialSettings
from drivers.modbus_o2 import SIZES, TO_PPM, RegisterMap
from drivers.simulators.line import Drift, Fault
from drivers.simulators.pty import PtyPair

#: A typical analyser: O2 in ppm as a word-swapped float, a status word after it.
DEFAULT_MAP: dict[str, Any] = {
    "device_id": 1,
    "function": "holding",
    "o2": {"address": 0, "type": "float32", "order": "CDAB", "unit": "ppm"},
    "status": {"address": 2, "type": "uint16", "ok": [0]},
}
#: Line settings a pty accepts (it refuses parity changes with EINVAL).
PTY_SETTINGS = SerialSettings(19200, 8, "N", 1)


class ModbusO2Simulator:
    """An O2 analyser answering Modbus RTU reads with drifting, noisy O2 values.

    Args:
        folder: where to put the two ports' links (a temporary folder if None).
        register_map: the map the simulated analyser follows (driver option format).
        o2_ppm: residual-oxygen set point.
    """

    def __init__(
        self,
        folder: str | Path | None = None,
        *,
        seed: int = 1,
        o2_ppm: float = 450.0,
        register_map: Mapping[str, Any] | None = None,
        slow_s: float = 1.0,
        settings: SerialSettings = PTY_SETTINGS,
    ) -> None:
        self.options = dict(register_map or DEFAULT_MAP)
        self.map = RegisterMap.from_options(self.options)
        self.rng = random.Random(seed)
        self.o2 = Drift(o2_ppm, o2_ppm * 0.01, o2_ppm * 0.005, self.rng)
        self.slow_s = slow_s
        self.settings = settings
        self.faults: set[Fault] = set()
        self.requests = 0
        self.pair = PtyPair(folder)
        self.pair.mangle = self._mangle
        first, count = self.map.span()
        size = first + count + 8
        self._device = SimDevice(
            id=self.map.device_id,
            simdata=[SimData(0, count=size, values=0, datatype=DataType.REGISTERS)],
            action=self._action,
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: ModbusSerialServer | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    @property
    def port(self) -> str:
        """The port the driver opens."""
        return self.pair.a.path

    def start(self) -> ModbusO2Simulator:
        """Starts the server thread and waits until it listens."""
        self._thread = threading.Thread(target=self._run, name="sim-modbus-o2", daemon=True)
        self._thread.start()
        if not self._ready.wait(5) or self._server is None:
            self.pair.close()
            raise RuntimeError("the Modbus simulator did not start")
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        finally:
            self._ready.set()
            loop.close()

    async def _serve(self) -> None:
        s = self.settings
        # pymodbus binds its transport to the running loop: build the server inside it.
        self._server = ModbusSerialServer(
            self._device,
            framer=FramerType.RTU,
            port=self.pair.b.path,
            baudrate=s.baudrate,
            bytesize=s.bytesize,
            parity=s.parity,
            stopbits=int(s.stopbits),
        )
        await self._server.serve_forever(background=True)
        self._ready.set()
        self._stopped = asyncio.Event()
        await self._stopped.wait()
        await self._server.shutdown()
        # A request held up by the slow fault is still waiting: end it before the loop closes.
        rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in rest:
            task.cancel()
        await asyncio.gather(*rest, return_exceptions=True)

    def stop(self) -> None:
        """Stops the server and removes both ports."""
        loop = self._loop
        if loop is not None and self._thread is not None and self._thread.is_alive():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._stopped.set)
            self._thread.join(timeout=5)
        self.pair.close()

    def __enter__(self) -> ModbusO2Simulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def set_fault(self, fault: Fault | str, on: bool = True) -> None:
        """Switches a fault on or off; unplugging removes the driver's port."""
        fault = Fault(fault)
        if on:
            self.faults.add(fault)
        else:
            self.faults.discard(fault)
        if fault is Fault.UNPLUG:
            if on:
                self.pair.a.unplug()
            else:
                self.pair.a.plug()

    def clear_faults(self) -> None:
        """Back to a healthy analyser."""
        for fault in list(self.faults):
            self.set_fault(fault, False)

    def _mangle(self, data: bytes) -> bytes:
        if Fault.GARBAGE in self.faults:
            return bytes(self.rng.randrange(256) for _ in data)
        if Fault.PARTIAL in self.faults:
            return data[: max(1, len(data) // 2)]
        return data

    def value_ppm(self) -> float:
        """The O2 content the analyser measures now."""
        if Fault.OUT_OF_RANGE in self.faults:
            return 1.5e6
        return max(0.0, self.o2.sample())

    async def _action(
        self,
        function_code: int,
        start_address: int,
        address: int,
        count: int,
        registers: list[int],
        set_values: list[int] | list[bool] | None,
    ) -> ExcCodes | None:
        self.requests += 1
        if Fault.ERROR in self.faults:
            return ExcCodes.DEVICE_FAILURE
        if Fault.SLOW in self.faults:
            await asyncio.sleep(self.slow_s)
        field = self.map.o2
        value = self.value_ppm() / TO_PPM[self.map.o2_unit]
        if field.type != "float32":
            bits = 16 * SIZES[field.type]
            signed = field.type.startswith("int")
            top = (2 ** (bits - 1) - 1) if signed else 2**bits - 1
            value = min(value, top * field.scale + field.offset)
        at = field.address - start_address
        registers[at : at + field.count] = field.encode(value)
        if self.map.status is not None:
            st = self.map.status
            at = st.address - start_address
            registers[at : at + st.count] = st.encode(float(self.map.status_ok[0]))
        return None
