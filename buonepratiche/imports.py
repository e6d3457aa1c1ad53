"""Bulk import that people can trust: the base of every back-office import (django-import-export).

Staff fill spreadsheets in Italian, in Excel or LibreOffice, and upload them in the admin. Left
to itself django-import-export names model fields instead of the file's columns, counts rows
from the first data row, reports a bad number as `[<class 'decimal.ConversionSyntax'>]`, takes
an ISTAT code that a spreadsheet turned into the number 72006 as unknown, treats an identifier
written twice in one file as an update, and leaves length limits to the database (SQLite has
none). ItalianModelResource is a drop-in parent for a `resources.ModelResource`:

- every file is all or nothing (one bad row imports nothing), with the preview kept;
- every error reads «Riga N, colonna «<column>»: <message>», N as the spreadsheet shows it
  (the header is row 1, the first data row is 2);
- numbers, dates and yes/no are read the Italian way (ItalianDecimalWidget and friends), and
  import-export's stock widgets declared on a subclass are swapped for them;
- every row goes through the model's full_clean (lengths, choices, constraints), so SQLite
  refuses what PostgreSQL would;
- an identifier repeated within one file is an error naming both rows.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources, results, widgets

# What a person types for "yes" and "no" in a spreadsheet, casefolded; an empty cell is neither.
TRUE_WORDS = {"1", "sì", "si", "s", "vero", "x", "true", "yes", "y"}
FALSE_WORDS = {"0", "no", "n", "falso", "false"}

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
# Dates with a time: the exports' ISO form first, then what a person or a spreadsheet writes.
DATETIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M",
)

# How many digits each level of ISTAT code has (comune 072006, province 072, region 16).
ISTAT_DIGITS = {"comune": 6, "provincia": 3, "regione": 2}


def spreadsheet_row(number):
    """import-export counts data rows from 1; the spreadsheet shows the header as row 1."""
    return number + 1


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def parse_italian_decimal(value):
    """A Decimal from what a person writes for an amount: 275.338,66 / 275338,66 / 275338.66 /
    € 1.000 / 1.000.000; numbers from a spreadsheet's cells as they are. Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError(_("«%(value)s» non è un numero.") % {"value": value})
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = re.sub(r"[\s\u00a0\u202f€]", "", str(value)).replace("EUR", "").replace("eur", "")
    if "," in text:
        # The comma is the decimal separator: dots before it group thousands.
        whole, _sep, decimals = text.rpartition(",")
        if "," in whole or not re.fullmatch(r"-?\d{1,3}(\.\d{3})+|-?\d+", whole) or not decimals.isdigit():
            raise ValueError(_invalid_number(value))
        text = f"{whole.replace('.', '')}.{decimals}"
    elif re.fullmatch(r"-?[1-9]\d{0,2}(\.\d{3})+", text):
        text = text.replace(".", "")  # 1.000 or 1.000.000: dots grouping thousands
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(_invalid_number(value))
    return Decimal(text)


def parse_italian_integer(value):
    """A whole number read as parse_italian_decimal reads it (`1.200` is twelve hundred); a
    fraction or a number too large for the database is refused. Raises ValueError."""
    number = parse_italian_decimal(value)
    if number != number.to_integral_value() or abs(number) >= 10 ** 18:
        raise ValueError(_("«%(value)s» non è un numero intero.") % {"value": value})
    return int(number)


def _invalid_number(value):
    return _("«%(value)s» non è un numero valido: scrivere ad esempio 275.338,66 oppure 275338,66.") % {
        "value": value}


def istat_code(value, level):
    """The ISTAT code of a comune, province or region with its leading zeros: a spreadsheet reads
    072006 as the number 72006 (or 72006.0), which is still that comune. Raises ValueError."""
    digits = ISTAT_DIGITS[level]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or len(text) > digits or int(text) == 0:
        raise ValueError(
            _("«%(value)s» non è un codice ISTAT di %(level)s: ha %(digits)d cifre, ad esempio %(example)s.")
            % {"value": value, "level": level, "digits": digits,
               "example": {"comune": "072006", "provincia": "072", "regione": "16"}[level]}
        )
    return text.zfill(digits)


class ItalianDecimalWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        number = parse_italian_decimal(value)
        if not number.is_finite():
            raise ValueError(_invalid_number(value))
        return number


class ItalianIntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        return parse_italian_integer(value)


class ItalianBooleanWidget(widgets.BooleanWidget):
    """sì/no, vero/falso, 1/0, x; an empty cell is None (with saves_null_values=False on the
    field, the value already stored is kept)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if _is_blank(value):
            return None
        word = str(value).strip().casefold()
        if isinstance(value, (int, float)) and value in (0, 1):
            word = str(int(value))
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("«%(value)s» non è un valore sì/no: scrivere sì oppure no (o 1 oppure 0).")
                         % {"value": value})


class ItalianDateWidget(widgets.DateWidget):
    """31/12/2024, 31-12-2024, 2024-12-31, or a spreadsheet's date cell; written as 2024-12-31."""

    def __init__(self, format="%Y-%m-%d", coerce_to_string=True):
        super().__init__(format, coerce_to_string)

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(str(value).strip(), pattern).date()
            except ValueError:
                continue
        raise ValueError(_("«%(value)s» non è una data valida: scrivere ad esempio 31/12/2024.") % {"value": value})


class ItalianDateTimeWidget(widgets.DateTimeWidget):
    """A date and time as exported (ISO 8601), or as a person writes it; a bare date means its
    midnight, in the site's time zone. Written in the format given (ISO by default)."""

    def __init__(self, format="%Y-%m-%dT%H:%M:%S%z", coerce_to_string=True):
        super().__init__(format, coerce_to_string)

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            moment = datetime(value.year, value.month, value.day)
        else:
            moment = self._parse(str(value).strip())
        if settings.USE_TZ and timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def _parse(self, text):
        for pattern in (*self.formats, *DATETIME_FORMATS):
            try:
                return datetime.strptime(text, pattern)
            except ValueError:
                continue
        try:
            day = ItalianDateWidget().clean(text)
        except ValueError:
            raise ValueError(_("«%(value)s» non è una data valida: scrivere ad esempio 31/12/2024 oppure "
                               "31/12/2024 10:30.") % {"value": text}) from None
        return datetime(day.year, day.month, day.day)


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    """A ForeignKeyWidget whose unknown value is reported in Italian."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code a spreadsheet turned into a number
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("«%(value)s» non corrisponde a nessun elemento di «%(model)s».")
                % {"value": value, "model": self.model._meta.verbose_name}
            ) from None
        except self.model.MultipleObjectsReturned:
            raise ValueError(
                _("«%(value)s» corrisponde a più elementi di «%(model)s»: usare l'identificativo.")
                % {"value": value, "model": self.model._meta.verbose_name}
            ) from None


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """A ManyToManyWidget that refuses unknown values instead of silently dropping them."""

    def split(self, value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return [item.strip() for item in str(value).split(self.separator) if item.strip()]

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return self.model.objects.none()
        wanted = self.split(value)
        found = self.model.objects.filter(**{f"{self.field}__in": wanted})
        missing = sorted(set(wanted) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(_("Valori sconosciuti: %(values)s") % {"values": ", ".join(missing)})
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(str(getattr(item, self.field)) for item in value.all())


class IstatForeignKeyWidget(StrictForeignKeyWidget):
    """A comune, province or region by its ISTAT code, with or without leading zeros."""

    def __init__(self, model, level, field="istat_code", **kwargs):
        self.level = level
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        return super().clean(istat_code(value, self.level), row, **kwargs)


class IstatManyToManyWidget(StrictManyToManyWidget):
    """Several ISTAT codes in one cell (072006|072011), with or without leading zeros."""

    def __init__(self, model, level, field="istat_code", separator="|", **kwargs):
        self.level = level
        super().__init__(model, separator=separator, field=field, **kwargs)

    def split(self, value):
        return [istat_code(item, self.level) for item in super().split(value)]


class SpreadsheetResult(results.Result):
    """A result that numbers rows as the spreadsheet shows them."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(spreadsheet_row(number), row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(spreadsheet_row(number), row, errors)

    def row_errors(self):
        return [(spreadsheet_row(number), errors) for number, errors in super().row_errors()]


# import-export's stock widgets, as a subclass declares them, and the Italian ones that replace
# them (instance attributes such as the model, the field or the format are kept).
ITALIAN_WIDGETS = {
    widgets.DecimalWidget: ItalianDecimalWidget,
    widgets.IntegerWidget: ItalianIntegerWidget,
    widgets.BooleanWidget: ItalianBooleanWidget,
    widgets.DateWidget: ItalianDateWidget,
    widgets.DateTimeWidget: ItalianDateTimeWidget,
    widgets.ForeignKeyWidget: StrictForeignKeyWidget,
    widgets.ManyToManyWidget: StrictManyToManyWidget,
}


class ItalianModelResource(resources.ModelResource):
    """The parent of every import: see the module's docstring."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for field in self.fields.values():
            italian = ITALIAN_WIDGETS.get(type(field.widget))
            if italian is not None:
                field.widget.__class__ = italian  # same attributes, Italian parsing and messages

    @classmethod
    def get_result_class(cls):
        return SpreadsheetResult

    def import_data(self, dataset, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def get_instance(self, instance_loader, row):
        """The identifying cells are read first, each error on its own column: an unknown value
        there (a practice that does not exist) is the row's mistake, not a crash."""
        errors = {}
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name in row:
                try:
                    field.clean(row)
                except (ValueError, ArithmeticError) as exc:
                    errors[field.attribute] = ValidationError(str(exc))
        if errors:
            raise ValidationError(errors)
        return super().get_instance(instance_loader, row)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._first_row_of_id = {}
        self._repeated = {}
        columns = [self.fields[name].column_name for name in self.get_import_id_fields() if name in self.fields]
        if not all(column in (dataset.headers or []) for column in columns):
            if list(self.get_import_id_fields()) == ["id"]:
                return  # import-export's default: a file without ids only adds rows
            raise ValidationError(_("Il file non ha la colonna «%(column)s», che identifica ogni riga.")
                                  % {"column": "», «".join(columns)})
        for number, values in enumerate(dataset.dict, start=1):
            key = tuple("" if _is_blank(values[c]) else str(values[c]).strip().casefold() for c in columns)
            if not any(key):
                continue
            if key in self._first_row_of_id:
                self._repeated[number] = self._first_row_of_id[key]
            else:
                self._first_row_of_id[key] = number

    def before_import_row(self, row, **kwargs):
        first = self._repeated.get(kwargs.get("row_number"))
        if first is not None:
            id_fields = [self.fields[name] for name in self.get_import_id_fields()]
            raise ValidationError({id_fields[0].attribute: _(
                "«%(value)s» compare anche alla riga %(first)d: ogni identificativo può comparire una sola "
                "volta nel file.") % {"value": " / ".join(str(row[field.column_name]) for field in id_fields),
                                      "first": spreadsheet_row(first)}})
        # Spreadsheets give None for an empty cell; a text field that is not nullable stores "".
        model = self._meta.model
        for field in self.get_import_fields():
            if field.column_name not in row or row[field.column_name] is not None or not field.attribute:
                continue
            try:
                model_field = model._meta.get_field(field.attribute)
            except FieldDoesNotExist:
                continue
            if not model_field.null and model_field.get_internal_type() in ("CharField", "TextField", "SlugField"):
                row[field.column_name] = ""
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Every field's conversion, each failure reported on its own field; many-to-many
        values are checked here too, before anything is saved."""
        errors = {}
        for field in self.get_import_fields():
            if field.readonly or not field.attribute or field.column_name not in row:
                continue
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    field.clean(row, **kwargs)
                else:
                    self.import_field(field, instance, row, **kwargs)
            except (ValueError, ArithmeticError) as exc:
                message = str(exc) if isinstance(exc, ValueError) and str(exc) else _(
                    "«%(value)s» non è un valore valido.") % {"value": row[field.column_name]}
                errors[field.attribute] = ValidationError(message, code="invalid")
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Always the model's full_clean: lengths, choices and constraints are checked in Python,
        so SQLite (which has no length limits) refuses what PostgreSQL would."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique)
        except ValidationError as exc:
            # A field whose cell could not be read was left unset: what the model then says
            # about it (clean() runs whatever is excluded) repeats the same problem.
            errors.update({key: ValidationError(messages) for key, messages in exc.message_dict.items()
                           if key not in errors})
        if errors:
            raise ValidationError(errors)

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.validation_error is not None:
            row_result.validation_error = self.locate(row_result.validation_error,
                                                      spreadsheet_row(kwargs["row_number"]))
        return row_result

    def column_names(self):
        """Model field or resource field name -> the file's column."""
        names = {}
        for name, field in self.fields.items():
            names.setdefault(name, field.column_name)
            if field.attribute:
                names[field.attribute] = field.column_name
        return names

    def locate(self, error, number):
        """The error with each message saying where: «Riga N, colonna «c»: …», keyed by column."""
        columns = self.column_names()
        located = {}
        error_dict = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        for key, messages in error_dict.items():
            if key == NON_FIELD_ERRORS:
                label, prefix = key, _("Riga %(row)d") % {"row": number}
            elif key in columns or key in columns.values():
                label = columns.get(key, key)
                prefix = _("Riga %(row)d, colonna «%(column)s»") % {"row": number, "column": label}
            else:
                label = self._verbose_name(key)
                prefix = _("Riga %(row)d, campo «%(field)s»") % {"row": number, "field": label}
            located.setdefault(label, []).extend(f"{prefix}: {message}" for message in messages)
        return ValidationError(located)

    def _verbose_name(self, name):
        try:
            return str(self._meta.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name


def clean_nested(obj, column, entry, exclude=()):
    """Check an object a cell describes (a funding line, a document) as its model would:
    lengths, URLs, choices. Raises ValidationError on `column`, naming the entry's line."""
    try:
        obj.clean_fields(exclude=exclude)
    except ValidationError as exc:
        raise ValidationError({column: [
            _("Voce %(n)d, %(field)s: %(error)s") % {
                "n": entry, "field": obj._meta.get_field(name).verbose_name, "error": " ".join(messages)}
            for name, messages in exc.message_dict.items()
        ]}) from None
