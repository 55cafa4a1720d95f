"""Training levels under Law 74/2014, shortest first."""

LEVELS = ("thuong_xuyen", "so_cap", "trung_cap", "cao_dang")
