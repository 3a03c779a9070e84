class SurveyError(ValueError):
    """Input or a step the survey services refuse; the message says what, in Swedish."""
