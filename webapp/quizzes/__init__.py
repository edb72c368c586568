from flask import Blueprint

bp = Blueprint("quizzes", __name__)

from webapp.quizzes import routes  # noqa: E402,F401  (registers the views on bp)
from webapp.quizzes import personal_data  # noqa: E402,F401  (registers what it keeps about people)
