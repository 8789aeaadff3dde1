"""bepkit: run an enhancement-proposal process kept in a git repository."""

__version__ = "0.1.0"
