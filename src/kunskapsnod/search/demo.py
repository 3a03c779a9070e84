from kunskapsnod.search.services import reindex_all


def load(out) -> None:
    """Last of the demo's loaders: index what the others loaded."""
    out.write(f"search: indexed {reindex_all()}")
