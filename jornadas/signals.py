"""A material's file leaves the private storage once the deletion of its row commits, whatever
deleted it (its speaker, the admin, the deletion of a session or an edition, an account's)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import SessionMaterial


@receiver(post_delete, sender=SessionMaterial, dispatch_uid="jornadas_material_file")
def delete_material_file(sender, instance, **kwargs):
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
