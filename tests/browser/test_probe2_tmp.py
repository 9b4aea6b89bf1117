import json, urllib.request
import nbformat
from .test_jupyterlab import notebook_page, RUN_ALL_DONE

SRC = '''
import ipywidgets as w
r = w.RadioButtons(options=["alpha","beta","gamma"], value=None, description="Radio")
t = w.ToggleButtons(options=["alpha","beta","gamma"], value=None, description="Toggle")
d = w.Dropdown(options=["(choose)","alpha","beta","gamma"], description="Drop")
s = w.Select(options=["alpha","beta","gamma"], value=None, description="Select", rows=3)
c = w.Checkbox(description="Tick me", value=False)
out = w.HTML("<p id='state'>none</p>")
def upd(_=None):
    out.value = f"<p id='state'>r={r.value} t={t.value} d={d.value} s={s.value} c={c.value}</p>"
for x in (r,t,d,s,c): x.observe(upd, names="value")
w.VBox([r,t,d,s,c,out])
'''

def put(lab, nb):
    req = urllib.request.Request(f"{lab.base}/api/contents/notebooks/probe.ipynb", method="PUT",
        data=json.dumps({"type":"notebook","format":"json","content":nb}).encode(),
        headers={"Authorization": f"token {lab.token}", "Content-Type":"application/json"})
    urllib.request.urlopen(req).close()

def test_probe(browser_context, lab):
    nb = nbformat.v4.new_notebook(); nb.cells=[nbformat.v4.new_code_cell(SRC)]
    nb.metadata["kernelspec"]={"name":"python3","display_name":"Python 3","language":"python"}
    put(lab, json.loads(nbformat.writes(nb)))
    with notebook_page(browser_context, lab, "probe.ipynb") as page:
        page.wait_for_timeout(1500)
        state = page.locator("#state")
        def st(): page.wait_for_timeout(400); return state.inner_text()
        def active(): return page.evaluate("() => { const a=document.activeElement; return a.tagName+'.'+a.className.slice(0,40)+' '+(a.textContent||'').slice(0,20)+' val='+(a.value||'') }")
        # radio
        page.locator(".widget-radio-box input").first.focus()
        print("radio focused:", active())
        page.keyboard.press("ArrowDown"); print("after ArrowDown:", st(), "|", active())
        page.keyboard.press("Space"); print("after Space:", st(), "|", active())
        # radio via click then arrow
        page.locator(".widget-radio-box label").first.click(); print("radio click:", st(), "|", active())
        page.keyboard.press("ArrowDown"); print("after ArrowDown:", st(), "|", active())
        # toggle
        page.locator(".widget-toggle-button").nth(1).focus(); print("toggle focused:", active())
        page.keyboard.press("Space"); print("toggle Space:", st(), "|", active())
        page.keyboard.press("Tab"); print("tab ->", active())
        page.keyboard.press("Enter"); print("toggle Enter:", st(), "|", active())
        page.keyboard.press("ArrowRight"); print("toggle ArrowRight:", st(), "|", active())
        # dropdown
        page.locator(".widget-dropdown select").focus(); print("select focused:", active())
        page.keyboard.press("ArrowDown"); print("drop ArrowDown:", st(), "|", active())
        page.keyboard.press("ArrowDown"); print("drop ArrowDown:", st(), "|", active())
        # select listbox
        page.locator(".widget-select select").focus()
        page.keyboard.press("ArrowDown"); print("listbox ArrowDown:", st(), "|", active())
        page.keyboard.press("ArrowDown"); print("listbox ArrowDown:", st(), "|", active())
        # checkbox
        page.locator(".widget-checkbox input").focus()
        page.keyboard.press("Space"); print("checkbox Space:", st(), "|", active())
        page.keyboard.press("Shift+Tab"); print("shift-tab ->", active())
        print(page.locator(".jp-OutputArea-output").first.aria_snapshot())
