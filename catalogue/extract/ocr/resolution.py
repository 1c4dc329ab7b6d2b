"""The resolutions OCR reads at: a module of its own so that the recogniser's modules
(page.py …) and the door that runs them (ocr/__init__) both import it, and neither the other."""

# Pages are read at this resolution: enough for 9 pt CJK text, and fast. Pages without
# a text layer are rendered at it; a finer scan is reduced to it first.
WORK_DPI = 200.0
MAX_WORK_DPI = 300.0  # scans up to this fine are read as they are
