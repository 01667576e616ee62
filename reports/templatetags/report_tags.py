from django import template

from .. import formatting

register = template.Library()


@register.filter
def percent(value):
    return formatting.percent(value)


@register.filter
def change(value):
    return formatting.change(value)


@register.filter
def thousands(value):
    return formatting.number(value)


@register.filter
def change_percent(value):
    return formatting.change(value, "%")
