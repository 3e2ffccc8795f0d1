"""Save the README's screenshot: the app on the bundled seeds, searching "language models".

    python benchmarks/screenshot.py     # writes benchmarks/screenshot.svg
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from reader.app import create_app
from reader.library import Library

HERE = Path(__file__).resolve().parent


async def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        library = Library.open(Path(data))
        app = create_app(library, debounce=0, cursor_blink=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*"language models")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter", "j")
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.save_screenshot("screenshot.svg", path=str(HERE))
        library.close()
    print(HERE / "screenshot.svg")


if __name__ == "__main__":
    asyncio.run(main())
