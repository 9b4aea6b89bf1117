import json, urllib.request
import nbformat
from .test_jupyterlab import notebook_page
from .test_probe2_tmp import put

SRC = r'''
import ipywidgets as w, anywidget, traitlets
class Radios(anywidget.AnyWidget):
    _esm = """
    function render({ model, el }) {
      const fs = document.createElement("fieldset");
      const lg = document.createElement("legend"); lg.textContent = model.get("label"); fs.append(lg);
      const name = "r" + Math.random().toString(36).slice(2);
      for (const opt of model.get("options")) {
        const lab = document.createElement("label"); const inp = document.createElement("input");
        inp.type = "radio"; inp.name = name; inp.value = opt; inp.setAttribute("data-lm-suppress-shortcuts", "true");
        inp.checked = model.get("value") === opt;
        inp.addEventListener("change", () => { model.set("value", opt); model.save_changes(); });
        lab.append(inp, " " + opt); fs.append(lab, document.createElement("br"));
      }
      el.append(fs);
    }
    export default { render };
    """
    options = traitlets.List([]).tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
r = Radios(options=["alpha","beta","gamma"], label="Pick one")
d = w.Dropdown(options=["(choose)","alpha","beta","gamma"], description="Drop")
out = w.HTML("<p id='state'>none</p>")
def upd(_=None):
    out.value = f"<p id='state'>r={r.value} d={d.value}</p>"
for x in (r,d): x.observe(upd, names="value")
w.VBox([r,d,out])
'''

def test_probe(browser_context, lab):
    nb = nbformat.v4.new_notebook(); nb.cells=[nbformat.v4.new_code_cell(SRC)]
    nb.metadata["kernelspec"]={"name":"python3","display_name":"Python 3","language":"python"}
    put(lab, json.loads(nbformat.writes(nb)))
    with notebook_page(browser_context, lab, "probe.ipynb") as page:
        page.wait_for_timeout(1500)
        state = page.locator("#state")
        def st(): page.wait_for_timeout(400); return state.inner_text()
        def active(): return page.evaluate("() => { const a=document.activeElement; return a.tagName+'.'+a.className.slice(0,40)+' '+(a.textContent||'').slice(0,20)+' val='+(a.value||'') }")
        page.locator("fieldset input").first.focus(); print("radio focused:", active())
        page.keyboard.press("Space"); print("Space:", st(), "|", active())
        page.keyboard.press("ArrowDown"); print("ArrowDown:", st(), "|", active())
        page.keyboard.press("ArrowDown"); print("ArrowDown:", st(), "|", active())
        page.keyboard.press("ArrowUp"); print("ArrowUp:", st(), "|", active())
        page.keyboard.press("Tab"); print("Tab ->", active())
        for key in ("Space", "Enter", "Alt+ArrowDown"):
            page.locator(".widget-dropdown select").focus()
            page.keyboard.press(key); page.wait_for_timeout(300)
            page.keyboard.press("ArrowDown"); page.keyboard.press("Enter")
            print("select via", key, ":", st(), "|", active())
        page.locator(".widget-dropdown select").focus()
        page.keyboard.press("Shift+Tab"); print("Shift+Tab ->", active())
        print(page.locator(".jp-OutputArea-output").first.aria_snapshot())
