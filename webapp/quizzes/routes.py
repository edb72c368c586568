"""Taking quizzes: the plain forms, the result page and the offline action."""
from webapp.quizzes import bp  # noqa: F401
