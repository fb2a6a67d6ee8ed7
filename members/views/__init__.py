"""Views of the members app, split by feature."""
