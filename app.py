"""The what-if page: ``streamlit run app.py``.

A thin shell: the page lives in :mod:`impact.page` (form, one call to :func:`impact.estimate`,
charts, citation and share link).
"""
from impact.page.view import main

main()
