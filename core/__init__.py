"""Qt-free core library of the ALL blood smear classifier.

Research use only; not for diagnostic use.
"""

__version__ = "0.1.0"
