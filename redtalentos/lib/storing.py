"""Files written for a database change, all taken back when the disk is full or the change fails.

Django's FileSystemStorage writes an upload chunk by chunk and leaves whatever it wrote when the
disk fills (ENOSPC) or a quota is reached (EDQUOT): a truncated file under a name that no row
points to. `stored_files` deletes it, and the files written before it, so that a full disk never
leaves a partial or orphan file. Pictures (images.stored_versions) and documents
(documents.stored_documents) use it with their own message for the person uploading.
"""

import contextlib
import logging

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

NOT_STORED = _(
    "No pudimos guardar el archivo porque el servidor no tiene espacio. Tus otros datos no "
    "cambiaron; inténtalo más tarde."
)


class NotStored(Exception):
    """The server could not write a file (full disk, quota, I/O error). Nothing of it was kept and
    no row changed; `message` is for the person uploading. Subclasses say what the file was."""

    message = NOT_STORED


def _delete_quietly(storage, name):
    try:
        storage.delete(name)
    except OSError as error:
        logger.error("Could not delete the unused file %s: %s", name, error)


def _save(field_file, content, written, error_class):
    field = field_file.field
    storage = field_file.storage
    # The name is drawn once (upload_to may be random), so that a partial file left by a failed
    # write is found under it; FieldFile.save would draw another one.
    name = field.generate_filename(field_file.instance, content.name)
    if not storage.exists(name):
        written.append((storage, name))
    try:
        saved = storage.save(name, content, max_length=field.max_length)
    except OSError as error:
        logger.error("A file could not be stored: %s", error)
        raise error_class(error_class.message) from error
    if saved != name:
        written.append((storage, saved))
    setattr(field_file.instance, field.attname, saved)


@contextlib.contextmanager
def stored_files(instance, files, *, error_class=NotStored):
    """Writes each file into a file field of `instance` for the database change in the block.

    `files` maps a FileField name to a django File (its name is passed to the field's upload_to).
    When a write fails with OSError (full disk, quota, I/O error), the files written so far and the
    partial one are deleted, the fields get their previous names back and `error_class` (NotStored
    or a subclass) is raised before the block runs. When the block raises (the database refused
    the change), the new files are deleted too. Put the transaction inside the block, so that a
    failed commit also takes the files back; the previous files are the caller's to delete once
    the change has committed.
    """
    previous = {field: getattr(instance, field).name for field in files}
    written = []
    try:
        for field, content in files.items():
            _save(getattr(instance, field), content, written, error_class)
        yield
    except Exception:
        for storage, name in written:
            _delete_quietly(storage, name)
        for field, name in previous.items():
            setattr(instance, field, name)
        raise
