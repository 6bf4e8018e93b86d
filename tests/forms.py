"""What browsers send for the project's composite form fields, for tests that post forms."""


def date_parts(name, date):
    """The GOV.UK date input's three boxes (engage.forms.DatePartsField) for field `name`."""
    return {f"{name}_0": str(date.day), f"{name}_1": str(date.month), f"{name}_2": str(date.year)}
