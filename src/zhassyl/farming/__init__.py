"""Farming systems on saline irrigated land (green cover, traditional sowing, rice, wheat)."""
