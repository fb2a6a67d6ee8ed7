"""QR codes for pages: an SVG as a data: URI for an <img> (the CSP's img-src allows data:, and no
script or style is involved), the way allauth shows the authenticator app's code."""

import base64
import io

import qrcode
from qrcode.image.svg import SvgPathFillImage

# Choosing the best of the eight masks costs most of the time of a code; any mask is valid and
# phones read each of them (certificates.pdf does the same).
MASK = 2


def svg_data_uri(text):
    """A QR code of `text` as "data:image/svg+xml;base64,...": one <path>, black on a white
    background, with the quiet zone the standard asks for, so that phones read it from a screen
    also in a dark theme."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, mask_pattern=MASK
    )
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(image_factory=SvgPathFillImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
