"""The page list of the browser checks comes from the URLconf, so a new page is checked unasked."""

from .site_pages import candidate_paths, is_skipped


def test_walk_finds_the_public_pages_in_both_languages():
    paths = candidate_paths()
    for path in ["/", "/capitulos/", "/sectores/", "/aviso-de-privacidad/", "/cuenta/login/"]:
        assert path in paths
        assert "/en" + path in paths


def test_walk_leaves_out_what_is_not_a_page_of_ours():
    paths = candidate_paths()
    assert not [path for path in paths if "admin" in path]
    assert not {"/healthz", "/robots.txt", "/sitemap.xml"} & set(paths)
    assert len(paths) == len(set(paths))


def test_admin_static_and_machine_files_are_skipped_in_both_languages():
    for path in ["/admin/", "/en/admin/login/", "/static/css/site.css", "/healthz", "/robots.txt"]:
        assert is_skipped(path)
    for path in ["/", "/en/", "/capitulos/", "/en/cuenta/login/"]:
        assert not is_skipped(path)
