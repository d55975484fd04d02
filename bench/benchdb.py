"""The throwaway PostgreSQL databases the benchmarks run in, shared by every script here."""

from __future__ import annotations

import psycopg
from psycopg import sql

# A benchmark drops its database first: refusing any other name keeps a typo from dropping one
# that holds real data.
REQUIRED_SUFFIX = "_bench"


def database_name(url: str) -> str:
    name = psycopg.conninfo.conninfo_to_dict(url).get("dbname")
    if not isinstance(name, str) or not name.endswith(REQUIRED_SUFFIX):
        raise SystemExit(f"The benchmark database's name must end in {REQUIRED_SUFFIX}: {url}")
    return name


def recreate_database(url: str, name: str, *, parameters: dict[str, str] | None = None) -> None:
    """Drop and create the database (connected to the server's `postgres` database), with any
    `parameters` set for every session in it."""
    maintenance = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        for parameter, value in (parameters or {}).items():
            connection.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(name), sql.Identifier(parameter), sql.Literal(value)
                )
            )
