"""What every part of the internships models shares: the refusal of a change a state machine
does not allow, and the language the names are shown in."""

from django.utils.translation import get_language


def _in_english():
    return (get_language() or "").startswith("en")


class TransitionRefused(Exception):
    """A change the table does not allow; `str()` says why, for the person who asked."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
