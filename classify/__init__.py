"""Classification: lexicon rules (and a trained component where it helps) label notices with evidence."""
