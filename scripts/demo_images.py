"""Draws the demo platform's photos: flat drawings of facades and rooms, each
written as WebP at every width the demo serves (src/demo/images.rs lists them).
Run by scripts/demo-images with a pinned Pillow, so the bytes are reproducible."""

import sys
from pathlib import Path

from PIL import Image, ImageDraw

W, H = 640, 480  # every drawing is 4:3; the intrinsic size the contract states
WIDTHS = (320, 640)


def sky(d, top, bottom):
    for y in range(H):
        t = y / H
        d.line([(0, y), (W, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))


def windows(d, x0, y0, cols, rows, w, h, gap, fill, frame):
    for c in range(cols):
        for r in range(rows):
            x, y = x0 + c * (w + gap), y0 + r * (h + gap)
            d.rectangle([x, y, x + w, y + h], fill=fill, outline=frame, width=3)


def lisbon_facade(d):
    sky(d, (150, 200, 235), (230, 240, 250))
    d.rectangle([80, 90, 560, 480], fill=(38, 92, 160))
    for x in range(100, 560, 40):  # azulejo tiles
        for y in range(110, 440, 40):
            d.polygon([(x, y - 8), (x + 8, y), (x, y + 8), (x - 8, y)], fill=(200, 215, 235))
    d.polygon([(60, 90), (320, 30), (580, 90)], fill=(176, 84, 48))
    windows(d, 120, 130, 4, 3, 70, 80, 40, (250, 246, 232), (255, 255, 255))
    d.rectangle([0, 440, W, H], fill=(120, 112, 100))


def lisbon_terrace(d):
    sky(d, (250, 190, 130), (255, 232, 200))
    d.ellipse([430, 80, 530, 180], fill=(255, 240, 190))
    d.rectangle([0, 250, W, 330], fill=(70, 130, 170))  # the river
    for y in range(260, 330, 14):
        d.line([(40 + y % 50, y), (180 + y % 50, y)], fill=(150, 195, 220), width=3)
    d.rectangle([0, 330, W, H], fill=(196, 160, 120))  # the terrace floor
    for x in range(0, W, 40):
        d.line([(x, 300), (x, 380)], fill=(60, 60, 60), width=3)
    d.line([(0, 300), (W, 300)], fill=(60, 60, 60), width=4)
    d.ellipse([200, 380, 300, 420], fill=(250, 250, 245))
    d.rectangle([245, 400, 255, 470], fill=(90, 90, 90))


def berlin_printworks(d):
    sky(d, (170, 185, 200), (220, 228, 235))
    d.rectangle([40, 110, 600, 480], fill=(150, 70, 50))
    for y in range(110, 480, 16):  # brick courses
        d.line([(40, y), (600, y)], fill=(120, 55, 40), width=2)
    d.rectangle([280, 40, 340, 110], fill=(120, 55, 40))  # the chimney
    windows(d, 80, 150, 5, 2, 70, 110, 38, (245, 220, 150), (60, 60, 60))
    d.rectangle([270, 400, 370, 480], fill=(50, 50, 55))


def library_bar(d):
    d.rectangle([0, 0, W, H], fill=(60, 40, 30))
    colours = [(170, 60, 50), (60, 110, 90), (200, 170, 90), (70, 80, 140), (220, 210, 190)]
    for shelf in range(4):
        y = 40 + shelf * 80
        d.rectangle([30, y + 60, 610, y + 68], fill=(110, 75, 45))
        x = 40
        i = shelf
        while x < 600:
            w = 12 + (i * 7) % 14
            d.rectangle([x, y + 10 + (i * 5) % 12, x + w, y + 60], fill=colours[i % len(colours)])
            x += w + 3
            i += 1
    d.rectangle([0, 380, W, H], fill=(120, 80, 50))
    d.rectangle([0, 370, W, 390], fill=(150, 105, 65))
    for x in (160, 320, 480):
        d.ellipse([x - 30, 300, x + 30, 330], fill=(250, 220, 140))
        d.line([(x, 0), (x, 300)], fill=(30, 30, 30), width=2)


def skye_lodge(d):
    sky(d, (120, 150, 175), (205, 215, 220))
    d.polygon([(0, 260), (140, 120), (260, 220), (380, 100), (520, 230), (640, 150), (640, 300), (0, 300)],
              fill=(80, 90, 100))
    d.rectangle([0, 300, W, H], fill=(90, 120, 80))
    d.rectangle([170, 280, 470, 440], fill=(120, 80, 50))
    for y in range(280, 440, 14):
        d.line([(170, y), (470, y)], fill=(95, 62, 38), width=2)
    d.polygon([(150, 285), (320, 180), (490, 285)], fill=(50, 55, 60))
    windows(d, 205, 320, 3, 1, 60, 60, 40, (250, 225, 160), (240, 240, 235))
    d.rectangle([300, 390, 340, 440], fill=(60, 40, 25))


def windermere_cabin(d):
    sky(d, (160, 200, 220), (235, 240, 235))
    d.polygon([(0, 230), (200, 150), (420, 220), (640, 170), (640, 260), (0, 260)], fill=(95, 130, 95))
    d.rectangle([0, 260, W, H], fill=(60, 110, 140))
    for y in range(280, 480, 18):
        d.line([(60 + y % 70, y), (200 + y % 70, y)], fill=(130, 175, 200), width=3)
    d.rectangle([360, 190, 560, 300], fill=(140, 95, 60))
    d.polygon([(345, 195), (460, 130), (575, 195)], fill=(70, 60, 55))
    windows(d, 385, 215, 2, 1, 50, 45, 50, (250, 230, 170), (240, 240, 235))
    d.rectangle([300, 300, 560, 315], fill=(110, 80, 55))  # the jetty
    for x in range(310, 560, 50):
        d.rectangle([x, 315, x + 6, 360], fill=(90, 65, 45))


def double_room(d):
    d.rectangle([0, 0, W, H], fill=(236, 228, 214))
    d.rectangle([0, 330, W, H], fill=(170, 135, 100))
    d.rectangle([420, 60, 590, 250], fill=(170, 205, 230), outline=(255, 255, 255), width=8)
    d.line([(505, 60), (505, 250)], fill=(255, 255, 255), width=6)
    d.rectangle([90, 170, 370, 260], fill=(120, 90, 70))  # headboard
    d.rectangle([80, 250, 380, 360], fill=(250, 250, 248))
    d.rectangle([80, 300, 380, 380], fill=(60, 100, 140))  # throw
    d.rounded_rectangle([105, 225, 215, 265], radius=14, fill=(255, 255, 255))
    d.rounded_rectangle([245, 225, 355, 265], radius=14, fill=(255, 255, 255))
    d.rectangle([20, 290, 70, 360], fill=(140, 105, 75))
    d.ellipse([25, 230, 65, 290], fill=(250, 225, 160))


def suite_lounge(d):
    d.rectangle([0, 0, W, H], fill=(225, 232, 226))
    d.rectangle([0, 340, W, H], fill=(150, 120, 95))
    d.rectangle([60, 50, 250, 220], fill=(180, 210, 200), outline=(255, 255, 255), width=8)
    d.rectangle([390, 70, 560, 180], fill=(200, 120, 80))  # a painting
    d.rectangle([300, 240, 600, 330], fill=(90, 120, 110))  # sofa
    d.rectangle([300, 210, 600, 250], fill=(75, 105, 95))
    d.rectangle([290, 330, 310, 350], fill=(60, 45, 35))
    d.rectangle([590, 330, 610, 350], fill=(60, 45, 35))
    d.ellipse([110, 330, 270, 380], fill=(120, 85, 60))  # low table
    d.ellipse([170, 300, 210, 340], fill=(230, 120, 100))


DRAWINGS = {
    "lisbon-facade": lisbon_facade,
    "lisbon-terrace": lisbon_terrace,
    "berlin-printworks": berlin_printworks,
    "library-bar": library_bar,
    "skye-lodge": skye_lodge,
    "windermere-cabin": windermere_cabin,
    "double-room": double_room,
    "suite-lounge": suite_lounge,
}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in DRAWINGS.items():
        image = Image.new("RGB", (W, H))
        draw(ImageDraw.Draw(image))
        for width in WIDTHS:
            scaled = image if width == W else image.resize((width, width * H // W), Image.Resampling.LANCZOS)
            path = out / f"{name}-{width}.webp"
            scaled.save(path, "WEBP", quality=60, method=6, exact=False)
            print(f"{path} {path.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
