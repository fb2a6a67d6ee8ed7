"""The content app's share of a person's data download and deletion (placeholder)."""

from redtalentos.lib.personal_data import Provider

PROVIDER = Provider(
    app="content",
    covers=frozenset({"content.SiteText.updated_by"}),
    export=lambda *, user, member: {},
    erase=lambda *, user, member: None,
)
