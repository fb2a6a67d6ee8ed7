"""Form widgets shared by the apps."""

from django import forms


class InlineSelect(forms.Select):
    """A <select> in one template loop over plain (value, label, selected) triples: no template
    and no dictionary per option (no option groups). For the selects of filters rendered on every
    view of a page, the countries' ~250 options among them, where Django's own Select renders a
    template and builds a dictionary for each option."""

    # In an app's templates folder: the forms' renderer looks there, not in templates/.
    template_name = "widgets/select_inline.html"

    def get_context(self, name, value, attrs):
        # The plain widget's context: ChoiceWidget's would build a dictionary per option.
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = {str(item) for item in self.format_value(value)}
        context["widget"]["options"] = [
            (str(key), str(label), str(key) in chosen) for key, label in self.choices
        ]
        return context
