"""``bep check``: the rules of the process, their fixes, and the one engine.

Each rule module (``numbers``, ``metadata``, ``structure``, ``segmentation``,
``aicontext``, ``decisions``, ``links``, ``crossref``, ``branch``) holds its
rules' explanations, checks and fixes; ``catalogue`` lists them all;
``engine`` runs them as a repository configured them, for every face.
"""
