"""Essaim: describe, cost, fund and spread the social innovations of French CCAS/CIAS."""

__version__ = "0.1.0"
APP_NAME = "Essaim"
