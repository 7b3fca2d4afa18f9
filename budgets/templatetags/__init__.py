"""Template tags of the budgets app: `{% load money %}` formats yuan as 万元."""
