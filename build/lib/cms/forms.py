"""Form helpers for every app."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


class ServiceErrorsMixin:
    """Shows a service's ValidationError on the fields it names."""

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                key = field if field in self.fields else NON_FIELD_ERRORS
                for item in errors:
                    self.add_error(None if key == NON_FIELD_ERRORS else key, item)
        else:
            self.add_error(None, error)

    def error_payload(self) -> dict:
        """{"error": summary, "fields": {field: [messages]}} for JSON clients."""
        fields = {
            field: [item["message"] for item in items]
            for field, items in self.errors.get_json_data().items()
        }
        summary = (fields.get(NON_FIELD_ERRORS) or [None])[0] or str(
            _("Correct the errors in the form.")
        )
        return {"error": summary, "fields": fields}
