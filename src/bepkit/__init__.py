"""bepkit: run an enhancement-proposal process kept in a git repository."""

__version__ = "0.2.0"  # the release tag is v0.2.0; README, hooks and action pin it
