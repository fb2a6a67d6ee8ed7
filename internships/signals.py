"""A CV leaves the private storage once the deletion of its application commits, whatever deleted
it (the student, the admin, an account's deletion)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Application


@receiver(post_delete, sender=Application, dispatch_uid="internships_application_cv")
def delete_cv_file(sender, instance, **kwargs):
    if instance.cv.name:
        storage, name = instance.cv.storage, instance.cv.name
        transaction.on_commit(lambda: storage.delete(name))
