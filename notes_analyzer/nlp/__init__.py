"""NLP stage: Note -> NoteAnalysis (sentences, claims, sentiment, stances, catalysts)."""
