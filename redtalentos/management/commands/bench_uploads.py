"""bench_uploads: the peak memory of each picture upload, as `make bench-uploads` reports it.

A set of realistic files (a small JPEG photo, a 12-megapixel phone JPEG, the largest PNG and WebP
the site accepts, and the 40-megapixel PNG of issue 12 that must be refused) goes through the same
pipeline functions the upload forms call: the profile photo (`process_photo`) and the chapter news
picture (`process_image` with the news sizes). Each upload runs in a fresh Python process with
Django set up, like a worker, so that its memory is not hidden by what an earlier one left behind:
the table gives the worker's resident memory before the upload, its high-water mark after, and the
rise. The "full decode" column runs the same file through Pillow the way the pipeline worked before
issue 12 (decode every pixel, then resize), as the comparison; the "3 at once" rows send three
uploads of one file through one worker's threads at the same time.

The target: no accepted file raises a worker by more than 150 MB. A missed target prints MISS and
the command exits non-zero. No database is needed.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

TARGET_MB = 150
THREADS = 3


def _gradient(size, mode="RGB"):
    """A smooth, photo-like picture of `size` that compresses as a real photo would."""
    from PIL import Image

    small = Image.effect_noise((max(2, size[0] // 64), max(2, size[1] // 64)), 64)
    channels = [
        small,
        Image.linear_gradient("L").resize(small.size),
        Image.radial_gradient("L").resize(small.size),
    ]
    picture = Image.merge("RGB", channels).resize(size, Image.Resampling.BICUBIC)
    if mode == "RGBA":
        picture.putalpha(Image.radial_gradient("L").resize(size))
    return picture.convert(mode)


def _encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _phone_jpeg(size):
    """A phone photo: EXIF orientation (taken upright, stored on its side) and a camera make."""
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefono"
    exif[ExifTags.Base.Orientation] = 6
    return _encode(_gradient(size), "JPEG", quality=88, exif=exif)


def sample_files(scale=1.0):
    """[(label, filename, bytes)]: the files measured. `scale` shrinks the accepted ones (tests);
    the over-limit PNG keeps its 40 megapixels, since being refused is what it is there for."""

    def scaled(width, height):
        return max(16, round(width * scale)), max(16, round(height * scale))

    return [
        ("small JPEG photo", "foto.jpg", _encode(_gradient(scaled(1024, 768)), "JPEG", quality=85)),
        ("12 MP phone JPEG", "telefono.jpg", _phone_jpeg(scaled(4032, 3024))),
        (
            "largest accepted PNG (RGBA)",
            "grande.png",
            _encode(_gradient(scaled(4000, 4000), "RGBA"), "PNG", compress_level=6),
        ),
        (
            "largest accepted WebP",
            "foto.webp",
            _encode(_gradient(scaled(3264, 2448)), "WEBP", quality=80),
        ),
        # The file of issue 12: a 169 KB PNG of 40 megapixels (one colour with a gradient band).
        (
            "40 MP PNG (over the limit)",
            "enorme.png",
            _encode(_gradient((64, 64), "L").resize((7300, 5470)), "PNG", optimize=True),
        ),
    ]


# The child process: one upload, measured.


def _status_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def _reset_high_water_mark():
    """Linux lets a process reset its own VmHWM to the current RSS (clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def _full_decode(data, sizes, square):
    """How the pipeline decoded before issue 12: every pixel at full size, then resized."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        pixels = ImageOps.exif_transpose(image)
        if pixels.mode == "P":
            pixels = pixels.convert("RGBA")
        if pixels.mode in ("RGBA", "LA"):
            rgba = pixels.convert("RGBA")
            background = Image.new("RGB", rgba.size, (255, 255, 255))
            background.paste(rgba, mask=rgba.getchannel("A"))
            pixels = background
        pixels = pixels.convert("RGB")
    result = {}
    for name, side in sizes.items():
        if square:
            target = min(side, *pixels.size)
            resized = ImageOps.fit(pixels, (target, target), Image.Resampling.LANCZOS)
        else:
            resized = pixels.copy()
            resized.thumbnail((side, side), Image.Resampling.LANCZOS)
        clean = Image.new("RGB", resized.size)
        clean.paste(resized)
        clean.save(io.BytesIO(), "WEBP", quality=82)
        result[name] = clean.size
    return result


def _one_upload(data, filename, pipeline, way):
    """{"outcome": ..., "sizes": ...} of one upload through the named pipeline."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chapters.forms import NEWS_IMAGE_SIZES
    from redtalentos.lib import images

    sizes, square = (images.PHOTO_SIZES, True) if pipeline == "photo" else (NEWS_IMAGE_SIZES, False)
    if way == "full":
        return {"outcome": "decoded", "sizes": _full_decode(data, sizes, square)}
    upload = SimpleUploadedFile(filename, data, content_type="application/octet-stream")
    try:
        if pipeline == "photo":
            versions = images.process_photo(upload)
        else:
            versions = images.process_image(upload, sizes=sizes, square=square)
    except ValidationError as error:
        return {"outcome": "refused", "message": " ".join(str(m) for m in error.messages)}
    return {
        "outcome": "accepted",
        "sizes": {name: [v.width, v.height] for name, v in versions.items()},
    }


def run_child(path, filename, pipeline, way, threads):
    """Entry point of the measuring process (see Command._measure)."""
    import gc

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redtalentos.settings")
    django.setup()
    from chapters import forms  # noqa: F401  (imported before the baseline, as in a worker)
    from redtalentos.lib import images  # noqa: F401

    data = Path(path).read_bytes()
    gc.collect()
    baseline = _status_kb("VmRSS")
    reset = _reset_high_water_mark()
    results = [None] * threads

    def work(index):
        results[index] = _one_upload(data, filename, pipeline, way)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    peak = _status_kb("VmHWM")
    print(
        json.dumps(
            {
                "baseline_mb": baseline / 1024,
                "peak_mb": peak / 1024,
                "rise_mb": max(0, peak - baseline) / 1024,
                "hwm_reset": reset,
                **results[0],
            }
        )
    )


CHILD = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from redtalentos.management.commands.bench_uploads import run_child; "
    "run_child(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))"
)


class Command(BaseCommand):
    help = (
        "Measures the peak memory of each picture upload (profile photo and news picture) in a "
        "fresh process per upload, and checks that no accepted file raises a worker by more than "
        f"{TARGET_MB} MB."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="shrink the accepted sample files by this factor (tests use a small one)",
        )
        parser.add_argument("--out", default="", help="also write the figures as JSON here")
        parser.add_argument(
            "--jobs",
            type=int,
            default=2,
            help="uploads measured at the same time (one process each)",
        )
        parser.add_argument(
            "--skip-full-decode",
            action="store_true",
            help="leave out the comparison column (decoding every pixel as before issue 12)",
        )

    def _measure(self, path, filename, pipeline, threads, *, way):
        args = [str(settings.BASE_DIR), str(path), filename, pipeline, way, str(threads)]
        done = subprocess.run(  # noqa: S603 (our own interpreter and code, sample files)
            [sys.executable, "-c", CHILD, *args],
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            check=False,
        )
        if done.returncode != 0:
            raise CommandError(
                f"measuring {filename} ({pipeline}, {way}) failed:\n{done.stderr[-2000:]}"
            )
        return json.loads(done.stdout.strip().splitlines()[-1])

    def handle(self, *args, scale, out, skip_full_decode, jobs, **options):
        from PIL import Image

        ways = ["pipeline"] if skip_full_decode else ["pipeline", "full"]
        rows, runs = [], []
        with tempfile.TemporaryDirectory() as folder:
            for label, filename, data in sample_files(scale):
                path = Path(folder) / filename
                path.write_bytes(data)
                with Image.open(io.BytesIO(data)) as probe:
                    width, height = probe.size
                cases = [(pipeline, 1) for pipeline in ("photo", "news")]
                if label.startswith("largest accepted"):
                    cases.append(("photo", THREADS))
                for pipeline, threads in cases:
                    row = {
                        "file": label,
                        "bytes": len(data),
                        "width": width,
                        "height": height,
                        "pipeline": pipeline,
                        "threads": threads,
                    }
                    rows.append(row)
                    runs += [(row, way, path, filename, pipeline, threads) for way in ways]
            # Each upload has a process of its own: measuring several at once changes no figure.
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                measured = pool.map(lambda run: self._measure(*run[2:], way=run[1]), runs)
                for (row, way, *_rest), figures in zip(runs, measured, strict=True):
                    row["now" if way == "pipeline" else "full_decode"] = figures
        targets = self._report(rows)
        if out:
            Path(out).write_text(json.dumps({"rows": rows, "targets": targets}, indent=2))
        missed = [target for target in targets if not target["met"]]
        summary = (
            f"{len(rows)} uploads measured; {len(targets) - len(missed)} of {len(targets)} "
            f"accepted uploads within {TARGET_MB} MB."
        )
        if missed:
            raise CommandError(summary + " Target missed.")
        self.stdout.write(summary)

    def _report(self, rows):
        header = (
            f"{'file':<30} {'size':>9} {'pixels':>11} {'pipeline':<12} {'result':<9}"
            f" {'full decode':>12} {'now':>9} {'worker':>9}"
        )
        self.stdout.write("Peak memory per upload (rise of the worker's RSS high-water mark):")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        targets = []
        for row in rows:
            now = row["now"]
            full = row.get("full_decode")
            full_text = f"{full['rise_mb']:.1f} MB" if full else "-"
            pipeline = row["pipeline"] + (f" x{row['threads']}" if row["threads"] > 1 else "")
            self.stdout.write(
                f"{row['file']:<30} {row['bytes'] / 1024:>6.0f} KB"
                f" {row['width'] * row['height'] / 1e6:>8.1f} MP {pipeline:<12}"
                f" {now['outcome']:<9}"
                f" {full_text:>12}"
                f" {now['rise_mb']:>6.1f} MB {now['peak_mb']:>6.1f} MB"
            )
            if now["outcome"] == "accepted":
                name = f"{row['file']} ({pipeline})"
                met = now["rise_mb"] <= TARGET_MB
                targets.append({"target": name, "rise_mb": now["rise_mb"], "met": met})
        self.stdout.write("")
        self.stdout.write(f"Targets (an accepted upload raises a worker by ≤ {TARGET_MB} MB):")
        for target in targets:
            verdict = "met" if target["met"] else "MISS"
            self.stdout.write(f"  {target['target']}: {target['rise_mb']:.1f} MB  {verdict}")
        refused = [row for row in rows if row["now"]["outcome"] == "refused"]
        for row in refused:
            self.stdout.write(
                f"  refused {row['file']} ({row['pipeline']}): {row['now']['message']}"
            )
        return targets
