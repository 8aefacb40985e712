"""Web Push reminders: subscriptions, the reminder engine, the sender, the scheduler.

See docs/push.md. Pure: reminders.py (and server/reviews/schedule.py). I/O: store.py,
sender.py, engine.py, scheduler.py, routes.py, commands.py."""
