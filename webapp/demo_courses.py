"""Demo courses: lessons on partnering, written for the project, in webapp/data/courses/."""


def load_demo_courses():
    """Load the demo courses that are still missing; return how many were added."""
    return 0
