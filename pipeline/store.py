"""The DuckDB warehouse: write all tables in one transaction from one connection.

(Stub: implemented by the publish work.)
"""
