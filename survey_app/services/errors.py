"""The error services raise for a change they refuse, naming the field at fault.

Views put the message under that field of the form, the API under that key
of its 422 answer, commands in red; the message stays lazy so it is
translated where it is shown, in that user's language.
"""


class FieldError(ValueError):
    def __init__(self, field: str, message):
        super().__init__(field, message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"
