"""Hëllef, the help bot of Inter-Actions a.s.b.l."""

__version__ = "0.1.0"
