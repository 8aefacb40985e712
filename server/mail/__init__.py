"""E-mail: invitations and reset links sent by SMTP through a durable outbox."""
