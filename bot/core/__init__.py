"""Pure understanding: no Telegram import. `Engine.answer(message, state) -> Reply`."""
