"""The page list of the browser checks comes from the URLconf, so a new page is checked unasked."""

from .role_pages import Persona, account_page_names, contract_pages
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


# The signed-in pages of the browser checks come from the role contract (role_pages.py).

_ANSWERS = {"visitor": 302, "member": 200, "leader": 403, "ime_admin": 200}


def test_a_new_url_of_the_contract_joins_the_pages_of_the_roles_that_may_open_it():
    contract = {"chapters:chapter_detail": ({"slug": "houston"}, _ANSWERS)}
    values = {"houston": "detroit"}
    assert contract_pages(Persona("member", "member"), values, contract) == (
        [("chapters:chapter_detail", {"slug": "detroit"})],
        [],
    )
    assert contract_pages(Persona("visitor", "visitor"), values, contract) == ([], [])


def test_a_page_without_demo_data_for_its_parameters_is_an_error_not_a_skip():
    contract = {"events:edition_detail": ({"slug": "edition"}, _ANSWERS)}
    pages, errors = contract_pages(Persona("member", "member"), {"houston": "x"}, contract)
    assert pages == []
    assert len(errors) == 1
    assert "events:edition_detail" in errors[0]
    assert "'edition'" in errors[0]
    assert "demo_values" in errors[0]


def test_account_pages_are_allauths_parameterless_pages():
    names = account_page_names()
    assert {"account_email", "account_change_password", "mfa_index"} <= set(names)
    assert "account_confirm_email" not in names  # takes a key
    assert "account_delete" not in names  # members:account_delete is in the contract
