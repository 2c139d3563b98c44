"""A list of check boxes that shows what was chosen and a short offer — never every choice of
its field — with a search box whose results (htmx) replace the offer."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms

from exchange.pickers import Offer


class PickList(forms.CheckboxSelectMultiple):
    """The field's queryset validates; the page shows ``chosen(values)`` (checked) and
    ``offer()`` (unchecked), both supplied by the form, both capped."""

    template_name = "exchange/widgets/pick_list.html"
    options_template_name = "exchange/widgets/pick_options.html"

    def __init__(self, *, search_name: str, search_label, attrs=None):
        super().__init__(attrs)
        self.search_name = search_name
        self.search_label = search_label
        self.search_url = ""
        self.search_params: Iterable[str] = ()
        self.search_include = ""  # another field the search sends (the receiving agency)
        self.chosen: Callable[[list[str]], list[tuple[int, str]]] = lambda values: []
        self.offer: Callable[[], Offer] = Offer

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        widget = context["widget"]
        chosen = self.chosen(widget["value"])
        offer = self.offer()
        taken = {str(pk) for pk, _label in chosen}
        options = [
            self.create_option(name, pk, label, True, index, attrs=attrs)
            for index, (pk, label) in enumerate(chosen)
        ]
        offered = [
            self.create_option(name, pk, label, False, len(chosen) + index, attrs=attrs)
            for index, (pk, label) in enumerate(
                item for item in offer.items if str(item[0]) not in taken
            )
        ]
        groups = []
        if options:
            groups.append((None, options, 0))
        if offered:
            groups.append((offer.heading or None, offered, 1))
        include = f"#{widget['attrs'].get('id', '')}_picker"
        if self.search_include:
            include = f"{include}, {self.search_include}"
        widget.update(
            optgroups=groups,
            hint=offer.hint,
            search_name=self.search_name,
            search_label=self.search_label,
            search_url=self.search_url,
            search_include=include,
            search_params=",".join([name, self.search_name, *self.search_params]),
        )
        return context

    def render_options(self, name, value, attrs, renderer) -> str:
        """Only the lists (chosen and offered), for the search's htmx answer."""
        context = self.get_context(name, value, attrs)
        return self._render(self.options_template_name, context, renderer)
