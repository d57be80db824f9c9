"""placeholder"""
from .extract import Extraction, extract

__all__ = ["Extraction", "extract"]
