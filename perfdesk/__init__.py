"""perfdesk: fill, check and print the budget performance forms (预算绩效目标表, 绩效自评表)."""
__version__ = "0.1.0"
