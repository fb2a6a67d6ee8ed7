def test_every_page_carries_the_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script(client, db):
    for path in ["/", "/en/", "/capitulos/", "/sectores/", "/aviso-de-privacidad/"]:
        html = client.get(path).content.decode()
        assert "<script>" not in html
        assert "onclick=" not in html
        assert "style=" not in html
