"""Themes in customers' comments: discovered from the comments, or defined and assigned.

Pure Python with NumPy, SciPy and scikit-learn, on the CPU; nothing is downloaded. Comments
arrive here already redacted, in English or Spanish.

- `discover_themes` groups a service's comments for a period into themes with key terms, size
  and representative comments, and says which comments fit none; `split_theme` divides one
  theme's comments into two.
- `ThemeAssigner` assigns arriving comments to an organization's own `ThemeDefinition`s (name,
  description, key terms, examples, corrections), or to none.
- `cohens_kappa` measures two people's agreement on the same comments;
  `normalized_mutual_information` and `purity` compare themes with known labels.
"""

from govcx.lib.themes.agreement import Agreement, cohens_kappa
from govcx.lib.themes.assignment import Assignment, ThemeAssigner, ThemeDefinition
from govcx.lib.themes.discovery import DiscoveredTheme, Discovery, discover_themes, split_theme
from govcx.lib.themes.measures import normalized_mutual_information, purity

__all__ = [
    "Agreement",
    "Assignment",
    "DiscoveredTheme",
    "Discovery",
    "ThemeAssigner",
    "ThemeDefinition",
    "cohens_kappa",
    "discover_themes",
    "normalized_mutual_information",
    "purity",
    "split_theme",
]
