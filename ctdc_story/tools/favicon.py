"""The site's icon: a neutral mark in IOM blue (three bars of a bar chart on a rounded square), not
IOM's logo. One drawing gives the SVG the pages link (html_favicon) and the .ico the site root
serves at /favicon.ico, which browsers ask for on their own.

    python -m ctdc_story.tools.favicon      # rewrites book/_static/favicon.svg and favicon.ico

The .ico holds PNG images (16, 32 and 48 px), drawn here with the standard library alone.
"""

from __future__ import annotations

import struct
import zlib

from ctdc_story.meta import settings
from ctdc_story.meta.console import log, write_atomic
from ctdc_story.presentation.charts import IOM_BLUE

STATIC = settings.ROOT / "book" / "_static"
SVG = STATIC / "favicon.svg"
ICO = STATIC / "favicon.ico"
BOX = 32  # the drawing's units
RADIUS = 6
# The bars (x, y, width, height), white on IOM blue: start at the same edge, shorter downwards.
BARS = ((7, 8, 18, 4), (7, 14, 13, 4), (7, 20, 8, 4))
SIZES = (16, 32, 48)
SAMPLES = 4  # per pixel and axis, for smooth edges


def svg() -> str:
    bars = "".join(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="1"/>' for x, y, w, h in BARS)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BOX} {BOX}">'
        f'<rect width="{BOX}" height="{BOX}" rx="{RADIUS}" fill="{IOM_BLUE}"/>'
        f'<g fill="#FFFFFF">{bars}</g></svg>\n'
    )


def _inside_square(x: float, y: float) -> bool:
    """Within the rounded square (units of the drawing)."""
    cx = min(max(x, RADIUS), BOX - RADIUS)
    cy = min(max(y, RADIUS), BOX - RADIUS)
    return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS**2


def _on_bar(x: float, y: float) -> bool:
    return any(bx <= x < bx + w and by <= y < by + h for bx, by, w, h in BARS)


def pixels(size: int) -> list[list[tuple[int, int, int, int]]]:
    """RGBA rows of the mark drawn at ``size`` pixels, each pixel the average of its samples."""
    blue = tuple(int(IOM_BLUE[i : i + 2], 16) for i in (1, 3, 5))
    scale = BOX / size
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            cover = white = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x, y = (px + (sx + 0.5) / SAMPLES) * scale, (py + (sy + 0.5) / SAMPLES) * scale
                    if _inside_square(x, y):
                        cover += 1
                        white += _on_bar(x, y)
            n = SAMPLES * SAMPLES
            if not cover:
                row.append((0, 0, 0, 0))
                continue
            mix = white / cover
            r, g, b = (round(c + (255 - c) * mix) for c in blue)
            row.append((r, g, b, round(255 * cover / n)))
        rows.append(row)
    return rows


def png(size: int) -> bytes:
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ico() -> bytes:
    images = [png(size) for size in SIZES]
    directory = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    for size, image in zip(SIZES, images):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return directory + entries + b"".join(images)


def main() -> None:
    write_atomic(SVG, svg())
    write_atomic(ICO, ico())
    log(f"wrote {SVG.relative_to(settings.ROOT)} and {ICO.relative_to(settings.ROOT)} ({ICO.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
