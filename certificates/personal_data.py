"""The certificates' share of a person's data download and of its deletion (registered in
redtalentos.lib.personal_data by CertificatesConfig.ready).

What a deletion does, and why:
- The certificates issued to the person are deleted. A certificate is a public attestation about
  a named person: kept with its name it would keep personal data; kept without it, or marked
  revoked, it would attest nothing or tell a verifier that IME withdrew it, which it did not. Its
  link then answers "not found", as for a certificate that never existed. The admin's log keeps
  that they changed, under a description without the name (Certificate.__str__).
- Certificates they revoked (IME staff) stay revoked, with the date and reason, without who
  revoked them: the revocation is IME's decision, not the person's data.
A deletion of the profile alone changes nothing here: certificates hang from the account.
"""

from redtalentos.lib.personal_data import Provider, choice, date

from .models import Certificate


def export(*, user, member):
    return {
        "certificates": [
            {
                "public_id": certificate.public_id,
                "kind": choice(certificate.kind, certificate.get_kind_display()),
                "holder_name": certificate.holder_name,
                "title": certificate.title,
                "role": certificate.role,
                "starts_on": date(certificate.starts_on),
                "ends_on": date(certificate.ends_on),
                "place": certificate.place,
                "issued_at": date(certificate.issued_at),
                "issued_by": certificate.issued_by_label,
                "revoked_at": date(certificate.revoked_at),
                "revocation_reason": certificate.revocation_reason,
            }
            for certificate in Certificate.objects.held_by(user).order_by("issued_at", "pk")
        ],
        "certificates_revoked_by_me": [
            {
                "public_id": certificate.public_id,
                "kind": choice(certificate.kind, certificate.get_kind_display()),
                "revoked_at": date(certificate.revoked_at),
            }
            for certificate in Certificate.objects.filter(revoked_by=user).order_by(
                "revoked_at", "pk"
            )
        ],
    }


def erase(*, user, member):
    if user is None:
        return
    Certificate.objects.held_by(user).delete()
    Certificate.objects.filter(revoked_by=user).update(revoked_by=None)


PROVIDER = Provider(
    app="certificates",
    covers=frozenset({"certificates.Certificate.holder", "certificates.Certificate.revoked_by"}),
    export=export,
    erase=erase,
)
