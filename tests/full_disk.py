"""A media storage that runs out of space part-way through a file, as a full disk does.

Django's FileSystemStorage writes an upload chunk by chunk and leaves whatever it wrote when the
disk fills; this storage does the same on purpose, so that tests see the truncated file a real
full disk leaves behind (the portal must delete it).
"""

import errno
import os

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    """Saves `files_that_fit` files whole; the next ones stop after `bytes_that_fit` bytes with
    OSError(`error`), leaving the truncated file on disk."""

    def __init__(self, *, files_that_fit=0, bytes_that_fit=4096, error=errno.ENOSPC, **kwargs):
        super().__init__(**kwargs)
        self.files_that_fit = files_that_fit
        self.bytes_that_fit = bytes_that_fit
        self.error = error
        self.saved = 0

    def _save(self, name, content):
        if self.saved < self.files_that_fit:
            self.saved += 1
            return super()._save(name, content)
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        content.seek(0)
        with open(path, "wb") as partial:
            partial.write(content.read(self.bytes_that_fit))
        raise OSError(self.error, os.strerror(self.error), path)


def fill_the_disk(settings, **options):
    """From now on, media files are written to FullDiskStorage(**options) in MEDIA_ROOT."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.full_disk.FullDiskStorage", "OPTIONS": options},
    }
