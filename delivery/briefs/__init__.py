"""Ministers' briefs: the facts for a scope and period (content), in words (text), and as PDF,
PowerPoint and an Excel pack. The last stage: may import analysis, charts, store, returns, reference."""
