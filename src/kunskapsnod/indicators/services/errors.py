"""The one exception every importer raises for bad input."""


class ImportDataError(Exception):
    """Bad input: names the file, the place in it (line or item) and the field.

    Raised before anything is written, so a failed import leaves the database unchanged."""

    def __init__(self, message: str, *, file: str = "", where: str = "", field: str = ""):
        self.file, self.where, self.field, self.detail = file, where, field, message
        parts = [p for p in (file, where, f"field '{field}'" if field else "") if p]
        super().__init__(f"{', '.join(parts)}: {message}" if parts else message)
