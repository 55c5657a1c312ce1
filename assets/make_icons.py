#!/usr/bin/env python3
"""Draws the WCT POS app icons (a white "W" on a teal rounded square) as PNGs with only
the standard library. Run from this folder: python3 make_icons.py"""
import struct
import zlib

TEAL = (15, 95, 79)
WHITE = (255, 255, 255)
# The "W" of favicon.svg, on a 64-unit grid.
W_SHAPE = [(12, 20), (19, 20), (24, 42), (30, 24), (34, 24), (40, 42), (45, 20), (52, 20),
           (43, 50), (37, 50), (32, 34), (27, 50), (21, 50)]


def inside(poly, x, y):
    hit = False
    j = len(poly) - 1
    for i, (xi, yi) in enumerate(poly):
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def in_rounded(x, y, size, radius):
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def draw(size, maskable):
    # Maskable icons fill the square (the OS crops it) and keep the mark in the safe zone.
    scale = 0.62 if maskable else 1.0
    radius = 0 if maskable else size * 14 / 64
    rows = []
    samples = [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            bg = fg = 0
            for sx, sy in samples:
                x, y = px + sx, py + sy
                if maskable or in_rounded(x, y, size, radius):
                    bg += 1
                    u = ((x / size - 0.5) / scale + 0.5) * 64
                    v = ((y / size - 0.5) / scale + 0.5) * 64
                    if inside(W_SHAPE, u, v):
                        fg += 1
            alpha = bg / len(samples)
            mix = fg / max(bg, 1)
            rgb = [round(t * (1 - mix) + w * mix) for t, w in zip(TEAL, WHITE)]
            row += bytes(rgb + [round(alpha * 255)])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("icon-maskable-512.png", 512, True)]:
        with open(name, "wb") as f:
            f.write(draw(size, maskable))
