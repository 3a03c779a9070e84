"""Pages of the youth follow-up: people and their documentation (``people``), the imports,
absence follow-up, step scales and grants (``registers``)."""
