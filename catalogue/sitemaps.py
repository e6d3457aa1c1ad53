from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse

from funding.models import Programme
from practices.models import Ambito, Body, Comune, Practice, PracticeParticipant, Province


def _published():
    return Practice.objects.published().real()


class PracticeSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return _published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class BodySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        """Places and bodies with a page that lists a published practice: provinces by their
        practices' leads, Comuni, Ambiti and other bodies that lead or take part in one."""
        published = _published()
        # Two semi-joins, not joins: a body with many practices and participations must not
        # multiply rows (with the synthetic load-test practices the joined form ran for minutes).
        bodies = Body.objects.filter(
            Q(pk__in=published.values("lead_id"))
            | Q(pk__in=PracticeParticipant.objects.filter(practice__in=published).values("body_id")))
        return [
            *Province.objects.filter(pk__in=published.values("lead__province")).order_by("sigla"),
            # Every Ambito: its page shows its members and governance even before it has practices.
            *Ambito.objects.order_by("slug"),
            *Comune.objects.filter(bodies__in=bodies.filter(kind=Body.Kind.COMUNE)).order_by("istat_code"),
            *bodies.exclude(kind__in=[Body.Kind.COMUNE, Body.Kind.AMBITO]).order_by("slug"),
        ]


class ProgrammeSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Programme.objects.order_by("slug").only("slug")


class StaticSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["catalogue:home", "catalogue:practice_list", "catalogue:ambito_list", "catalogue:body_list",
                "catalogue:programme_list", "catalogue:statistics", "about", "accessibility", "privacy", "legal"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pagine": StaticSitemap, "pratiche": PracticeSitemap, "territori": BodySitemap,
            "programmi": ProgrammeSitemap}
