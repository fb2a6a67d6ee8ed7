"""The public statistics (/estadisticas/), IME's analytics and the open data (/datos/): the
figures the apps register in redtalentos.lib.statistics, computed by `refresh` into
content.FigureTable and FigureCell, drawn on the server as SVG with their numbers in tables, and
frozen each quarter into content.DataSnapshot (CSV, JSON and their DCAT description)."""
