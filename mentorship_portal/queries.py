"""Query shapes the planner can use an index for, where Django's usual spelling cannot.

`column IN (SELECT ...)` inside an OR becomes a filter evaluated row by row on PostgreSQL:
the planner scans everything the other conditions allow (every obligation awaiting review in
the country) and tests each. `column = ANY(ARRAY(SELECT ...))` runs the subquery once and
hands the planner a list, which an index scan (and a BitmapOr of two) can use.
"""

from django.db.models import BooleanField, Func, Subquery


class AnyOf(Func):
    """`column` is one of the values `queryset` selects (one column), as an indexable
    condition: `filter(AnyOf("organization_id", ids) | AnyOf(...))`."""

    output_field = BooleanField()

    def __init__(self, column, queryset):
        from django.db.models import F

        super().__init__(F(column), Subquery(queryset))

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        values, values_params = compiler.compile(self.source_expressions[1])
        if connection.vendor == "postgresql":
            return f"{column} = ANY(ARRAY{values})", (*column_params, *values_params)
        return f"{column} IN {values}", (*column_params, *values_params)
