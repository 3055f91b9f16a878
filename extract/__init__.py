"""Extraction: raw pages and attachments into notices with fields, text and line items."""
