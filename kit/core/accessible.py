"""Controls that a keyboard can operate inside JupyterLab and a screen reader can name, where ipywidgets' cannot.

Why these exist (each measured in JupyterLab 4 with Chromium, see ``tests/browser/``):

- JupyterLab takes the arrow keys pressed on a radio button, a list or a slider inside an output as its own
  notebook shortcuts (move to the next cell), so ipywidgets' ``RadioButtons`` and sliders cannot be operated by
  keyboard there. The native controls below carry ``data-lm-suppress-shortcuts``, the attribute JupyterLab's
  shortcut manager honours, so arrows, Home and End reach the control.
- ipywidgets' slider handles have no accessible name (axe: ``aria-input-field-name``); a native
  ``<input type="range">`` here is labelled and says its value as text (``aria-valuetext``: a date, not "7").
- An ipywidgets ``HTML`` widget cannot be a live region: :class:`LiveRegion` renders one ``role="status"``
  element once and changes only its content, so a screen reader announces each new feedback.

Each keeps the ipywidgets API the kit relies on: ``options`` as (label, value) pairs, ``value``, ``description``,
``observe(..., names="value")``; they work without a browser too (tests, doctests).

>>> group = RadioGroup([("Jens Stoltenberg", "stoltenberg"), ("Emmanuel Macron", "macron")], description="Who?")
>>> group.value is None, group.labels
(True, ['Jens Stoltenberg', 'Emmanuel Macron'])
>>> group.value = "macron"
>>> group.index
[1]
"""

from __future__ import annotations

import anywidget
import traitlets

# Shared by every control: native elements, the kit's focus ring, text that wraps (never cut).
_CSS = """
.kit-a11y { font-size: var(--jp-content-font-size1, 14px); color: var(--jp-content-font-color1, #1a1a1a); }
.kit-a11y fieldset { border: 1px solid #767676; border-radius: 4px; margin: 0.3em 0; padding: 0.2em 0.8em 0.5em; }
.kit-a11y legend { padding: 0 0.3em; font-weight: 600; }
.kit-a11y label.kit-option { display: flex; align-items: flex-start; gap: 0.5em; margin: 0.25em 0;
  white-space: normal; cursor: pointer; }
.kit-a11y label.kit-option input { margin-top: 0.2em; flex: none; }
.kit-a11y input:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.kit-a11y .kit-range { display: grid; grid-template-columns: max-content minmax(8em, 1fr) max-content;
  align-items: center; gap: 0.3em 0.8em; max-width: 60em; }
.kit-a11y .kit-range input { width: 100%; }
.kit-a11y label.kit-select { display: flex; flex-direction: column; gap: 0.2em; margin: 0.4em 0; max-width: 60em; }
.kit-a11y label.kit-select select { align-self: flex-start; max-width: 100%; font: inherit; padding: 0.15em; }
.kit-a11y select:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.kit-a11y output { font-variant-numeric: tabular-nums; font-weight: 600; }
"""

# Changes go to the kernel as a message of their own, at once: ipywidgets holds back a model's state updates
# while one is in flight, so after quick keys (ArrowDown, ArrowDown, Tab, Enter) the Check click could reach the
# kernel before the last choice. Messages keep their order, so the kernel always sees the choice first.
_SEND = """
function send(model, index) {
  model.set("index", index);
  model.send({ "kit-index": index });
}
"""

_CHOICES_ESM = (
    _SEND
    + """
function render({ model, el }) {
  const name = "kit-choice-" + Math.random().toString(36).slice(2);
  const multiple = model.get("multiple");
  el.classList.add("kit-a11y");
  const fieldset = document.createElement("fieldset");
  const legend = document.createElement("legend");
  fieldset.append(legend);
  el.append(fieldset);
  let inputs = [];
  function build() {
    legend.textContent = model.get("description");
    inputs.forEach(input => input.parentElement.remove());
    inputs = model.get("labels").map((text, i) => {
      const label = document.createElement("label");
      label.className = "kit-option";
      const input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = name;
      input.value = String(i);
      input.setAttribute("data-lm-suppress-shortcuts", "true");  // JupyterLab: arrows move in the group
      input.addEventListener("change", () => {
        const ticked = inputs.flatMap((box, j) => box.checked ? [j] : []);
        send(model, ticked);
      });
      const span = document.createElement("span");
      span.textContent = text;
      label.append(input, span);
      fieldset.append(label);
      return input;
    });
    check();
  }
  function check() {
    const index = model.get("index");
    inputs.forEach((input, i) => { input.checked = index.includes(i); });
  }
  model.on("change:labels", build);
  model.on("change:description", build);
  model.on("change:index", check);
  build();
}
export default { render };
"""
)

_SELECT_ESM = (
    _SEND
    + """
function render({ model, el }) {
  el.classList.add("kit-a11y");
  const label = document.createElement("label");
  label.className = "kit-select";
  const text = document.createElement("span");
  const select = document.createElement("select");
  select.setAttribute("data-lm-suppress-shortcuts", "true");  // JupyterLab: arrows and letters reach the list
  label.append(text, select);
  el.append(label);
  function build() {
    text.textContent = model.get("description");
    const entries = model.get("labels").map((name, i) => [i, name]);
    if (model.get("placeholder")) entries.unshift([-1, model.get("placeholder")]);
    select.replaceChildren(...entries.map(([i, name]) => {
      const option = document.createElement("option");
      option.value = String(i);
      option.textContent = name;
      return option;
    }));
    show();
  }
  function show() { select.value = String(model.get("index")); }
  select.addEventListener("change", () => send(model, Number(select.value)));
  model.on("change:labels", build);
  model.on("change:description", build);
  model.on("change:index", show);
  build();
}
export default { render };
"""
)

_RANGE_ESM = (
    _SEND
    + """
function render({ model, el }) {
  el.classList.add("kit-a11y");
  const group = document.createElement("div");
  group.setAttribute("role", "group");
  const grid = document.createElement("div");
  grid.className = "kit-range";
  el.append(group);
  group.append(grid);
  let rows = [];
  function build() {
    group.setAttribute("aria-label", model.get("description"));
    grid.replaceChildren();
    rows = model.get("handles").map((handle, h) => {
      const label = document.createElement("label");
      label.textContent = handle;
      const input = document.createElement("input");
      input.type = "range";
      input.min = "0";
      input.max = String(model.get("labels").length - 1);
      input.step = "1";
      input.id = "kit-range-" + Math.random().toString(36).slice(2);
      label.htmlFor = input.id;
      input.setAttribute("data-lm-suppress-shortcuts", "true");  // JupyterLab: arrows move the handle
      const output = document.createElement("output");
      output.htmlFor = input.id;
      output.setAttribute("aria-hidden", "true");  // the input says its value itself (aria-valuetext)
      input.addEventListener("input", () => {
        const index = [...model.get("index")];
        let value = Number(input.value);
        // Two handles never cross: "from" stays at or before "to".
        if (index.length === 2) value = h === 0 ? Math.min(value, index[1]) : Math.max(value, index[0]);
        index[h] = value;
        show();
        if (input.value !== String(value)) input.value = String(value);
        send(model, index);
      });
      grid.append(label, input, output);
      return { input, output };
    });
    show();
  }
  function show() {
    const labels = model.get("labels");
    model.get("index").forEach((i, h) => {
      const { input, output } = rows[h];
      input.value = String(i);
      input.setAttribute("aria-valuetext", labels[i]);
      output.textContent = labels[i];
    });
  }
  model.on("change:labels", build);
  model.on("change:handles", build);
  model.on("change:index", show);
  build();
}
export default { render };
"""
)

_LIVE_ESM = """
function render({ model, el }) {
  el.classList.add("kit-a11y");
  // Rendered once: screen readers announce changes inside an existing live region, not a new one.
  const region = document.createElement("div");
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  region.className = "kit-live";
  el.append(region);
  const show = () => { region.innerHTML = model.get("value"); };
  model.on("change:value", show);
  show();
}
export default { render };
"""


class _Options(anywidget.AnyWidget):
    """Options as (label, value) pairs; the browser sees the labels and indices, Python keeps the values."""

    _css = _CSS
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def __init__(self, options, description: str = "", **kwargs):
        pairs = [(str(o), o) if not isinstance(o, tuple) else (str(o[0]), o[1]) for o in options]
        if not pairs:
            raise ValueError("a control needs at least one option")
        self._values = [value for _, value in pairs]
        super().__init__(labels=[label for label, _ in pairs], description=description, **kwargs)
        self.on_msg(self._from_browser)

    def _from_browser(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and "kit-index" in content:
            # The browser already shows this index: lock it, so that it is not echoed back (an echo could undo a
            # newer key press that is still on its way).
            with self._lock_property(index=content["kit-index"]):
                self.index = content["kit-index"]

    @property
    def options(self) -> list[tuple[str, object]]:
        return list(zip(self.labels, self._values, strict=True))

    def _index_of(self, value) -> int:
        try:
            return self._values.index(value)
        except ValueError:
            raise traitlets.TraitError(f"{value!r} is not one of the options of {self.description!r}") from None


class _Choices(_Options):
    """Options as a named group (a fieldset whose legend is ``description``) of native inputs, shown whole."""

    _esm = _CHOICES_ESM
    multiple = traitlets.Bool(False).tag(sync=True)
    index = traitlets.List(traitlets.Int()).tag(sync=True)
    value = traitlets.Any(None)

    @traitlets.observe("index")
    def _index_changed(self, change):
        values = [self._values[i] for i in sorted(change["new"])]
        self.value = values if self.multiple else (values[0] if values else None)

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        value = proposal["value"]
        if self.multiple:
            value = [self._values[i] for i in sorted({self._index_of(v) for v in value or []})]
        elif value is not None:
            self._index_of(value)
        return value

    @traitlets.observe("value")
    def _value_changed(self, change):
        chosen = change["new"] if self.multiple else ([] if change["new"] is None else [change["new"]])
        self.index = [self._index_of(v) for v in chosen]


class RadioGroup(_Choices):
    """One choice among options shown whole: a named group of native radio buttons (arrow keys move in it).

    ``value`` is None until the student chooses.
    """

    def __init__(self, options, value=None, description: str = "Answer", **kwargs):
        super().__init__(options, description, **kwargs)
        if value is not None:
            self.value = value


class CheckGroup(_Choices):
    """Any number of options, each a native checkbox named by its whole text; ``value`` lists the ticked ones.

    >>> group = CheckGroup(["France", "China", "Japan"], description="Which?")
    >>> group.index = [2, 0]
    >>> group.value
    ['France', 'Japan']
    """

    def __init__(self, options, value=(), description: str = "Answer", **kwargs):
        super().__init__(options, description, multiple=True, **kwargs)
        self.value = list(value)


class Select(_Options):
    """A drop-down list under its label, the label shown whole; ``value`` is None while it shows the placeholder.

    With ``placeholder=""`` the list has no placeholder and always holds one of the options (the first by default).

    >>> select = Select([("Emmanuel Macron", "macron")], description="“Geography is stubborn”: who said it?")
    >>> select.value, select.index
    (None, -1)
    >>> select.value = "macron"
    >>> select.index
    0
    """

    _esm = _SELECT_ESM
    placeholder = traitlets.Unicode("—").tag(sync=True)  # the exercises pass their own
    index = traitlets.Int(-1).tag(sync=True)
    value = traitlets.Any(None)

    def __init__(self, options, value=None, description: str = "", **kwargs):
        super().__init__(options, description, **kwargs)
        if value is None and not self.placeholder:
            value = self._values[0]
        if value is not None:
            self.value = value

    @traitlets.observe("index")
    def _index_changed(self, change):
        self.value = None if change["new"] < 0 else self._values[change["new"]]

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        if proposal["value"] is not None:
            self._index_of(proposal["value"])
        return proposal["value"]

    @traitlets.observe("value")
    def _value_changed(self, change):
        self.index = -1 if change["new"] is None else self._index_of(change["new"])


class RangeSlider(_Options):
    """A slider over ordered options (dates) with one handle, or two ("from", "to") for a span.

    ``value`` is one option's value, or a (from, to) tuple when there are two handles. Every handle is a native
    range input, labelled, that says its option's label (a date) to a screen reader.

    >>> span = RangeSlider([("2022", 2022), ("2023", 2023), ("2024", 2024)], handles=("From", "To"))
    >>> span.value
    (2022, 2024)
    >>> span.value = (2023, 2024)
    >>> span.index
    [1, 2]
    """

    _esm = _RANGE_ESM
    handles = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.List(traitlets.Int()).tag(sync=True)
    value = traitlets.Any(None)

    def __init__(self, options, value=None, description: str = "", handles=("Date",), **kwargs):
        super().__init__(options, description, handles=list(handles), **kwargs)
        last = len(self._values) - 1
        self.index = [0, last] if len(handles) == 2 else [last]
        if value is not None:
            self.value = value

    def _pair(self) -> bool:
        return len(self.handles) == 2

    @traitlets.observe("index")
    def _index_changed(self, change):
        values = tuple(self._values[i] for i in change["new"])
        self.value = values if self._pair() else values[0]

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        value = proposal["value"]
        indices = [self._index_of(v) for v in (value if self._pair() else (value,))]
        if indices != sorted(indices):
            raise traitlets.TraitError(f"{self.description!r}: the first date must not come after the second")
        return tuple(value) if self._pair() else value

    @traitlets.observe("value")
    def _value_changed(self, change):
        self.index = [self._index_of(v) for v in (change["new"] if self._pair() else (change["new"],))]


class LiveRegion(anywidget.AnyWidget):
    """Feedback a screen reader announces: ``value`` is HTML shown inside one persistent ``role="status"``.

    >>> region = LiveRegion()
    >>> region.value = "<p>Correct</p>"
    >>> "Correct" in region.value
    True
    """

    _esm = _LIVE_ESM
    _css = _CSS
    value = traitlets.Unicode("").tag(sync=True)
