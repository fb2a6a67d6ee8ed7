"""Root URLs. Spanish paths without prefix, English under /en/ (the public contract)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from . import views
from .sitemaps import sitemaps

# The database unavailable answers 503; other errors the plain 500 page (views.server_error).
handler500 = "redtalentos.views.server_error"

admin.site.site_header = _("Red de Talentos Mexicanos · IME")
admin.site.site_title = _("Administración de la Red de Talentos Mexicanos")
admin.site.index_title = _("Administración del Instituto de los Mexicanos en el Exterior")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
]

if settings.DEBUG:
    # Development only: in production media files come from the storage backend.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("aviso-de-privacidad/", views.privacy_notice, name="privacy_notice"),
    path("capitulos/", include("chapters.urls")),
    path("sectores/", include("pncs.urls")),
    path("pncs/", include("pncs.workspace_urls")),
    path("certificados/", include("certificates.urls")),
    path("jornadas/", include("jornadas.urls")),
    path("pasantias/", include("internships.urls")),
    path("mentorias/", include("mentoring.urls")),
    path("proyectos/", include("projects.urls")),
    path("convocatorias/", include("committees.urls")),
    path("", include("content.urls")),
    path("cuenta/", include("members.account_urls")),
    path("cuenta/", include("allauth.urls")),
    path("", include("members.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
