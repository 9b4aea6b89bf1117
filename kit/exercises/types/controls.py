"""The widget layer's shared pieces: the "(choose)" placeholder, labelled drop-downs, typed boxes.

Only widgets know the placeholder: reading a control turns it back into ``None``
before an answer reaches the parser. ipywidgets is imported when a widget is built.
"""

from __future__ import annotations

CHOOSE = "(choose)"
STYLE = {"description_width": "initial"}


def widgets():
    import ipywidgets

    return ipywidgets


def wide():
    return widgets().Layout(width="95%")


def label(text: str):
    """A label shown whole: HTML wraps long text (a description would be cut with an ellipsis)."""
    import html

    return widgets().HTML(value=f"<div>{html.escape(text)}</div>", layout=wide())


def dropdown(names: list[str], shown: list[str], description: str):
    """A drop-down of ``names`` shown as ``shown``, starting on the placeholder, under ``description`` shown whole
    (its accessible name). A native list JupyterLab leaves the arrow keys to: see :mod:`kit.core.accessible`."""
    from kit.core.accessible import Select

    return Select(list(zip(shown, names, strict=True)), description=description, placeholder=CHOOSE)


def chosen(control) -> str | None:
    """The value of a drop-down, or None while it still shows the placeholder (a ``Select`` never holds the
    placeholder's text: its value is None until an option is chosen)."""
    return control.value


def choose(control, value) -> None:
    """Select ``value`` in a drop-down if it is one of its options (a saved answer may be stale)."""
    if value in [v for _, v in control.options]:
        control.value = value


def typed(description: str, placeholder: str, area: bool = False, continuous: bool = False):
    """A text box. By default it syncs when it loses focus, so the value always reaches the kernel before the
    Check click does (keystroke updates can be held back by ipywidgets' message throttle)."""
    w = widgets()
    if area:
        return w.Textarea(
            description=description, placeholder=placeholder, style=STYLE,
            layout=w.Layout(width="95%", height="8em"), continuous_update=continuous,
        )  # fmt: skip
    return w.Text(description=description, placeholder=placeholder, style=STYLE, continuous_update=continuous)
