"""Draw the app icon (a white W on green) as PNGs and a favicon.ico, without image libraries.

Run `python -m workfloor.offline.icons` from the repository root to redraw workfloor/static/app/."""
import math, struct, zlib

GREEN = (27, 94, 32)
WHITE = (255, 255, 255)
# The W as line segments in a 0..1 square.
SEGMENTS = [((0.2, 0.28), (0.35, 0.74)), ((0.35, 0.74), (0.5, 0.4)), ((0.5, 0.4), (0.65, 0.74)), ((0.65, 0.74), (0.8, 0.28))]

def dist(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))

def pixels(size, maskable=False):
    rows = []
    width = 0.075
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            u, v = (x + 0.5) / size, (y + 0.5) / size
            if maskable:
                u, v = 0.5 + (u - 0.5) / 0.8, 0.5 + (v - 0.5) / 0.8
            d = min(dist(u, v, a, b) for a, b in SEGMENTS)
            # soft edge over about one pixel
            edge = 1.0 / size
            cover = max(0.0, min(1.0, (width - d) / edge + 0.5))
            r = [round(g + (w - g) * cover) for g, w in zip(GREEN, WHITE)]
            row += bytes(r + [255])
        rows.append(bytes(row))
    return b"".join(rows)

def png(size, maskable=False):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels(size, maskable), 9)) + chunk(b"IEND", b"")

def ico(pngs):
    out = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    body = b""
    for size, data in pngs:
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(body))
        body += data
    return out + body

def main() -> None:
    base = "workfloor/static/app/"
    for size in (192, 512):
        open(base + f"icon-{size}.png", "wb").write(png(size))
    open(base + "icon-maskable-512.png", "wb").write(png(512, maskable=True))
    open(base + "apple-touch-icon.png", "wb").write(png(180))
    open(base + "favicon.ico", "wb").write(ico([(16, png(16)), (32, png(32)), (48, png(48))]))


if __name__ == "__main__":
    main()
