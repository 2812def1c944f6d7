"""Fault-injection and correctness harnesses: crashes, database restarts, fuzzing, token attacks."""
