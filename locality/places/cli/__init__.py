"""The actions of ``locality places ACTION``, one module each.

An action module defines ``HELP`` (one line), ``add_arguments(parser)`` and
``handle(options: dict, stdout) -> None``; the command finds every module in this package, so
adding an action is adding a module. Handlers parse nothing themselves: they call functions of
``locality.analytics.places`` and raise ``PlacesError`` (or ``CommandError``) on bad input.
"""
