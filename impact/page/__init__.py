"""The what-if web page (``streamlit run app.py``), in small parts.

* :mod:`~impact.page.state` — the scenario's fields ↔ URL query parameters ↔ form values;
* :mod:`~impact.page.compute` — the estimate, the world view, tables and downloads;
* :mod:`~impact.page.charts` — Plotly figures;
* :mod:`~impact.page.text` — the page's wording (``locales/page_<lang>.yaml``) and safe text;
* :mod:`~impact.page.view` — the Streamlit layout (the only part that imports Streamlit).
"""
