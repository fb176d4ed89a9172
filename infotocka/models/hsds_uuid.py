"""The HSDS UUID column of directory rows: derived from the row's own key, so it never changes."""
from sqlalchemy import String
from sqlalchemy.orm import mapped_column

from ..directory.hsds_ids import hsds_uuid


def uuid_column(kind: str, key: str = "id"):
    """Return a unique `uuid` column filled on insert with hsds_uuid(kind, <the row's key>)."""
    def default(context):
        return hsds_uuid(kind, context.get_current_parameters()[key])
    return mapped_column(String(36), unique=True, default=default)
