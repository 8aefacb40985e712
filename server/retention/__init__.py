"""Removing the evidence of people who left, once the retention period has passed."""
