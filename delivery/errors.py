"""The few named exceptions the package raises; each page and the CLI catch them in one place."""


class DeliveryError(Exception):
    """Base class: a problem to show the user in plain English (str(error) is the message)."""


class NotAWorkbook(DeliveryError):
    """The file is not a readable .xlsx workbook (old .xls, CSV, encrypted, corrupt, too big)."""


class StoreBusy(DeliveryError):
    """Another load is writing to the store and did not finish in time; try again."""


class StoreError(DeliveryError):
    """The store cannot be opened or is not a delivery store."""


class UnknownQuery(DeliveryError):
    """A query name with no queries/<name>.sql file."""
