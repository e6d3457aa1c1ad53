from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from buonepratiche.validators import strip_control_characters
from practices.models import Practice


class ItalianEntriesAtom1Feed(Atom1Feed):
    """The feed's own title follows the interface language; its entries are practices, in Italian.

    Entries drop the control characters XML cannot hold: text stored before they were refused
    would otherwise make the whole feed fail for everyone."""

    def add_item(self, *args, **kwargs):
        super().add_item(*map(strip_control_characters, args),
                         **{key: strip_control_characters(value) for key, value in kwargs.items()})

    def item_attributes(self, item):
        return {**super().item_attributes(item), "xml:lang": "it"}


class LatestPracticesFeed(Feed):
    feed_type = ItalianEntriesAtom1Feed
    title = _("Buone Pratiche – nuove pratiche pubblicate")
    subtitle = _("Le ultime pratiche pubblicate nella banca dati regionale delle buone pratiche del welfare locale.")
    link = reverse_lazy("catalogue:practice_list")

    def items(self):
        return (
            Practice.objects.published().real()
            .select_related("lead__comune")
            .order_by("-published_at", "title")[:30]
        )

    def item_title(self, item):
        return f"{item.title} – {item.italian_proposer_name}"

    def item_description(self, item):
        return item.display_summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.italian_proposer_name
