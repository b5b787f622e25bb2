"""Lazy Pandera validation of a table: split valid rows from failing ones, keep the failure cases.

(Stub: implemented by the publish work.)
"""
