from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def shipped(request):
    return _("Your order has shipped.")


def orders(request, count):
    return ngettext("%(count)d order", "%(count)d orders", count) % {"count": count}
