"""The parts of pages that change the store: upload, transfers, loads and rollback, the centre's judgements."""
