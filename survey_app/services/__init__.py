"""Operations that views and commands call: they flush, never commit."""
