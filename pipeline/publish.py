"""Publish: write the Frictionless data package (CSV + JSON per table, zip, dataset card) to dist/.

(Stub: implemented by the publish work.)
"""
