"""Accounts: first-administrator setup, sign-in, devices, invitations, roles, passwords."""
