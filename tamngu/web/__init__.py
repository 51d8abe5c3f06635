"""The desk: a local web app over the stages (``tamngu serve``).

:func:`tamngu.web.app.create_app` builds the ASGI application from
:class:`tamngu.web.settings.DeskSettings`. The web layer owns requests, forms
and templates only; every decision goes through the stages' typed functions.
"""
