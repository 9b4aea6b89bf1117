"""Colour-blind-safe colours (Okabe & Ito, 2008). Figures never rely on colour alone: they add text or hatching.

>>> STANCE_COLOURS["opposes"]
'#D55E00'
"""

ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
)
GREY, LIGHT_GREY, WATER = "#888888", "#E4E4E4", "#F4F8FB"

STANCE_COLOURS = {
    "supports": GREEN,
    "keeps open": SKY_BLUE,
    "mixed": YELLOW,
    "opposes": VERMILLION,
    "not stated in the article": "#FFFFFF",
}
MAP_COLOURS = {"member": BLUE, "partial": SKY_BLUE, "partner": ORANGE, "china": VERMILLION, "other": LIGHT_GREY}
MAP_HATCHES = {"member": "", "partial": "....", "partner": "////", "china": "xxxx", "other": ""}
