from django import template

from registry import dashboard
from registry.history import origin_of

register = template.Library()


@register.inclusion_tag("admin/registry/dashboard.html", takes_context=True)
def registry_dashboard(context):
    user = context["request"].user
    models = dashboard.viewable(dashboard.RECORD_MODELS, user)
    bars = dashboard.zones_by_region() if dashboard.Zone in models else []
    return {
        "summaries": dashboard.model_summaries(models),
        "bars": bars,
        "chart_height": 28 * len(bars) + 10,
        "changes": dashboard.recent_changes(models),
        "LANGUAGE_BIDI": context.get("LANGUAGE_BIDI"),
    }


@register.filter
def change_origin(reason):
    """A stored change reason in words: "bulk action: publish" -> "Bulk action: publish"."""
    origin = origin_of(reason)
    if origin is None:
        return reason or ""
    detail = reason.split(":", 1)[1].strip() if ":" in reason else ""
    return f"{origin.label}: {detail}" if detail else str(origin.label)
