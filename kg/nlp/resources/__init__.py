"""Data files (gazetteers, word lists, the NER model) shipped with kg.nlp."""
